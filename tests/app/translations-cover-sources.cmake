# SPDX-License-Identifier: GPL-3.0-or-later
# CTest script: fails when a user-visible string in core/, ui/ or app/ is missing from a catalogue, i.e. when
# scripts/update-translations.sh would add it as unfinished. Runs lupdate on copies of the catalogues, never on the
# tracked files. Arguments: LUPDATE, LUPDATE_PROJECT_GENERATOR, PROJECT_IN (the .cmake project file qt_add_translations
# writes at configure time), TS_DIR, WORK_DIR.
foreach(arg LUPDATE LUPDATE_PROJECT_GENERATOR PROJECT_IN TS_DIR WORK_DIR)
    if(NOT DEFINED ${arg})
        message(FATAL_ERROR "translations-cover-sources: ${arg} is not set")
    endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(GLOB catalogues "${TS_DIR}/*.ts")
if(NOT catalogues)
    message(FATAL_ERROR "no catalogues in ${TS_DIR}")
endif()
file(COPY ${catalogues} DESTINATION "${WORK_DIR}")
file(GLOB copies "${WORK_DIR}/*.ts")

execute_process(
    COMMAND "${CMAKE_COMMAND}" -DIN_FILE=${PROJECT_IN} -DOUT_FILE=${WORK_DIR}/project.json
            -P "${LUPDATE_PROJECT_GENERATOR}"
    RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "could not generate the lupdate project from ${PROJECT_IN}")
endif()
execute_process(
    COMMAND "${LUPDATE}" -project "${WORK_DIR}/project.json" -locations none -no-obsolete -ts ${copies}
    RESULT_VARIABLE status
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output
    TIMEOUT 240)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "lupdate failed (${status}):\n${output}")
endif()

set(problems "")
foreach(copy IN LISTS copies)
    file(READ "${copy}" text)
    # Every <message> whose translation lupdate left unfinished, with its context and source for the report.
    string(REGEX MATCHALL "<source>[^<]*</source>[^<]*(<comment>[^<]*</comment>[^<]*)?<translation type=\"unfinished\""
           missing "${text}")
    list(LENGTH missing count)
    if(count GREATER 0)
        get_filename_component(name "${copy}" NAME)
        string(APPEND problems "${name}: ${count} string(s) not in the catalogue:\n")
        foreach(entry IN LISTS missing)
            string(REGEX REPLACE "<source>([^<]*)</source>.*" "\\1" source "${entry}")
            string(APPEND problems "    ${source}\n")
        endforeach()
    endif()
endforeach()
if(problems)
    message(FATAL_ERROR "${problems}Run scripts/update-translations.sh and translate the new strings.")
endif()
message(STATUS "every translatable string of the sources is in the catalogues")
