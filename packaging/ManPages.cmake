# cmake -DCLI=... -DGUI=... -DHELP2MAN=... -DGZIP=... -DOUTPUT_DIR=... -P ManPages.cmake
# Writes the man pages, gzipped as Debian ships them, from the programs' own --help: aftershock(1),
# aftershock-cli(1) and a page a subcommand, git's way (aftershock-cli-scenario-run(1)). The
# subcommands are read from aftershock-cli --help, so that a new command gets its page unasked.
cmake_minimum_required(VERSION 3.25)

foreach(variable CLI GUI HELP2MAN GZIP OUTPUT_DIR)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "ManPages.cmake needs -D${variable}=...")
    endif()
endforeach()

# The GUI's --help needs no display; help2man drops what the programs say on stderr.
set(ENV{QT_QPA_PLATFORM} offscreen)

execute_process(COMMAND ${CLI} --help OUTPUT_VARIABLE usage RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "${CLI} --help failed (${status})")
endif()
# The lines under "Commands:": two spaces, the command's words, two or more spaces, its description.
string(REGEX MATCH "\nCommands:\n(  [^\n]+\n)+" commandLines "${usage}")
string(REGEX MATCHALL "  [a-z][a-z ]*[a-z]  +[^\n]+" commandLines "${commandLines}")
if(NOT commandLines)
    message(FATAL_ERROR "no commands in ${CLI} --help:\n${usage}")
endif()

file(REMOVE_RECURSE ${OUTPUT_DIR})
file(MAKE_DIRECTORY ${OUTPUT_DIR}/include)

# Text for troff: a backslash as \e, every hyphen a minus (so that options copy right), and a
# leading dot or apostrophe kept from reading as a request.
function(troff_escape text variable)
    string(REPLACE "\\" "\\e" text "${text}")
    string(REPLACE "-" "\\-" text "${text}")
    string(REGEX REPLACE "^([.'])" "\\\\&\\1" text "${text}")
    set(${variable} "${text}" PARENT_SCOPE)
endfunction()

# help2man's [=examples] for the "Examples:" section of a --help ("  Purpose:", then the command
# line indented by four): help2man would fill and hyphenate the command lines; here each purpose is
# a paragraph and its command line, indented below it, is set as it is.
function(examples_section help variable)
    string(FIND "${help}" "\nExamples:\n" start)
    if(start EQUAL -1)
        set(${variable} "" PARENT_SCOPE)
        return()
    endif()
    math(EXPR start "${start} + 11")
    string(SUBSTRING "${help}" ${start} -1 examples)
    set(section "[=examples]\n")
    # Line by line without a CMake list, which would split at a semicolon in the text.
    while(NOT examples STREQUAL "")
        string(FIND "${examples}" "\n" end)
        if(end EQUAL -1)
            string(LENGTH "${examples}" end)
        endif()
        string(SUBSTRING "${examples}" 0 ${end} line)
        math(EXPR end "${end} + 1")
        string(SUBSTRING "${examples}" ${end} -1 examples)
        if(line MATCHES "^    (.+)$")
            troff_escape("${CMAKE_MATCH_1}" commandLine)
            string(APPEND section ".RS 4\n.nf\n\\f(CW${commandLine}\\fR\n.fi\n.RE\n")
        elseif(line MATCHES "^  (.+)$")
            troff_escape("${CMAKE_MATCH_1}" purpose)
            string(APPEND section ".PP\n${purpose}\n")
        endif()
    endwhile()
    set(${variable} "${section}\n" PARENT_SCOPE)
endfunction()

# write_page(PAGE HELP_OPTION PROGRAM INCLUDE_TEXT...): PAGE.1.gz from PROGRAM HELP_OPTION, with the
# pieces of text joined as help2man's --include: NAME (help2man's --name would title the page after
# the program, not the subcommand), SEE ALSO, and for a subcommand its SYNOPSIS, which help2man
# would set with only the program's name in bold.
function(write_page page helpOption program)
    set(includeFile ${OUTPUT_DIR}/include/${page}.h2m)
    string(CONCAT include ${ARGN})
    file(WRITE ${includeFile} "${include}")
    # In C.UTF-8, help2man keeps a "…" of the help (in the C locale it would write "???").
    execute_process(
        COMMAND ${HELP2MAN} --no-info --section=1 --locale=C.UTF-8 "--help-option=${helpOption}"
                --version-option=--version --include=${includeFile} --output=${OUTPUT_DIR}/${page}.1 ${program}
        RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "help2man failed on ${page} (${status})")
    endif()
    execute_process(COMMAND ${GZIP} -9 -n -f ${OUTPUT_DIR}/${page}.1 RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "gzip failed on ${page}.1 (${status})")
    endif()
endfunction()

set(subcommandPages "")
foreach(line IN LISTS commandLines)
    string(REGEX REPLACE "^  ([a-z][a-z ]*[a-z])  +(.*)$" "\\1" words "${line}")
    string(REGEX REPLACE "^  ([a-z][a-z ]*[a-z])  +(.*)$" "\\2" description "${line}")
    # A NAME line is a phrase, as in ls(1)'s "list directory contents": lower case, no full stop.
    string(REGEX REPLACE "\\.$" "" description "${description}")
    string(SUBSTRING "${description}" 0 1 initial)
    string(TOLOWER "${initial}" initial)
    string(SUBSTRING "${description}" 1 -1 rest)
    set(description "${initial}${rest}")
    string(REPLACE " " "-" page "aftershock-cli ${words}")

    string(REPLACE " " ";" wordList "${words}")
    execute_process(COMMAND ${CLI} ${wordList} --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "${CLI} ${words} --help failed (${status})")
    endif()
    # "Usage: aftershock-cli scenario validate [options] FILE..." -> the command in bold, what
    # follows in italics, brackets and ellipses upright; \& so that help2man does not take a line
    # that starts with a bracket for a section of the include.
    string(REGEX MATCH "^Usage: aftershock-cli ${words} *([^\n]*)" usageLine "${help}")
    string(REGEX REPLACE "([A-Za-z][A-Za-z|_-]*)" "\\\\fI\\1\\\\fR" arguments "${CMAKE_MATCH_1}")
    examples_section("${help}" examples)
    write_page(${page} "${words} --help" ${CLI}
        "[name]\n${page} \\- ${description}\n\n[synopsis]\n.B aftershock-cli ${words}\n\\&${arguments}\n\n"
        "${examples}[see also]\n.BR aftershock\\-cli (1)\n")
    list(APPEND subcommandPages ${page})
endforeach()

# Names with minus signs, which groff does not break at, left-aligned rather than spread.
set(seeAlso "")
foreach(page IN LISTS subcommandPages)
    troff_escape(${page} page)
    string(APPEND seeAlso ".BR ${page} (1),\n")
endforeach()
examples_section("${usage}" examples)
write_page(aftershock-cli --help ${CLI}
    "[name]\naftershock-cli \\- a lab for API resilience, on the command line\n\n"
    "${examples}[see also]\n.ad l\n.nh\n${seeAlso}.BR aftershock (1)\n")
write_page(aftershock --help ${GUI}
    "[name]\naftershock \\- a desktop lab for API resilience\n\n[see also]\n.BR aftershock\\-cli (1)\n")
