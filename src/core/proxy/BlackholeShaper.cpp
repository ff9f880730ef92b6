#include "proxy/BlackholeShaper.h"

BlackholeShaper::BlackholeShaper(const Fault& fault, FaultDirection direction, FaultWindow window)
    : FaultShaper(FaultType::Blackhole, fault.sideOrDefault(), direction, window)
{ }

FaultShaper::Passage BlackholeShaper::shape(qint64 arrivalNs, qint64 bytes, bool)
{
    addAmount(static_cast<double>(bytes));
    return {Passage::Outcome::Swallowed, arrivalNs};
}
