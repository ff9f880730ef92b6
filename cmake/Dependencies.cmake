# Every dependency comes from Debian 12's packages; scripts/install-deps installs them.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Concurrent Network Gui Sql Test)
find_package(Qt6 6.4 REQUIRED COMPONENTS Svg)
if(AFTERSHOCK_BUILD_GUI)
    find_package(Qt6 6.4 REQUIRED COMPONENTS Widgets Charts PrintSupport)
endif()

# yaml-cpp 0.7 exports the plain target name `yaml-cpp`.
find_package(yaml-cpp REQUIRED)

find_package(Qt6Keychain REQUIRED)

# simdjson reads results files: 100 MB in a tenth of the time Qt's JSON parser takes.
find_package(simdjson REQUIRED)

# cmark-gfm and Node's http-parser ship no CMake package on Debian 12.
find_package(PkgConfig REQUIRED)
pkg_check_modules(CMARKGFM REQUIRED IMPORTED_TARGET libcmark-gfm)
# libyaml reads YAML OpenAPI documents, several times faster than yaml-cpp.
pkg_check_modules(LIBYAML REQUIRED IMPORTED_TARGET yaml-0.1)
# qpdf joins the halves of a long PDF report, painted at once by two writers.
pkg_check_modules(QPDF REQUIRED IMPORTED_TARGET libqpdf)
# We use no PointerHolder, qpdf's old smart pointer: leave it out, and its header's warning with it.
set_property(TARGET PkgConfig::QPDF APPEND PROPERTY INTERFACE_COMPILE_DEFINITIONS POINTERHOLDER_TRANSITION=4)

find_path(HTTP_PARSER_INCLUDE_DIR http_parser.h REQUIRED)
find_library(HTTP_PARSER_LIBRARY NAMES http_parser REQUIRED)
add_library(HttpParser::HttpParser UNKNOWN IMPORTED)
set_target_properties(HttpParser::HttpParser PROPERTIES
    IMPORTED_LOCATION "${HTTP_PARSER_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${HTTP_PARSER_INCLUDE_DIR}")

if(AFTERSHOCK_BUILD_GUI)
    # QScintilla ships only a qmake feature file on Debian 12.
    find_library(QSCINTILLA_LIBRARY NAMES qscintilla2_qt6 REQUIRED)
    find_path(QSCINTILLA_INCLUDE_DIR Qsci/qsciscintilla.h
        HINTS /usr/include/${CMAKE_LIBRARY_ARCHITECTURE}/qt6 REQUIRED)
    add_library(QScintilla::QScintilla UNKNOWN IMPORTED)
    set_target_properties(QScintilla::QScintilla PROPERTIES
        IMPORTED_LOCATION "${QSCINTILLA_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${QSCINTILLA_INCLUDE_DIR}"
        INTERFACE_LINK_LIBRARIES "Qt6::Widgets;Qt6::PrintSupport")
endif()
