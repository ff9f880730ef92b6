#pragma once

#include <array>
#include <optional>

#include <QString>

// The names files use for an enum's values, listed in the values' order.
template<typename Enum, std::size_t N>
class EnumNames
{
public:
    constexpr explicit EnumNames(std::array<const char*, N> names)
        : m_names(names)
    { }

    QString nameOf(Enum value) const
    {
        return QString::fromLatin1(m_names.at(static_cast<std::size_t>(value)));
    }
    std::optional<Enum> valueOf(const QString& name) const
    {
        for (std::size_t i = 0; i < N; ++i) {
            if (name == QLatin1String(m_names[i])) {
                return static_cast<Enum>(i);
            }
        }
        return std::nullopt;
    }

private:
    std::array<const char*, N> m_names;
};
