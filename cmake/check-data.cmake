# Data for the checker: the script table derived from OpenCC's character
# tables, and the spelling word list.
add_custom_command(
  OUTPUT ${TW_DATA_BUILD}/script.tsv
  COMMAND twdict script ${TW_DICT_TEXT}/TSCharacters.txt ${TW_DICT_TEXT}/STCharacters.txt
          ${TW_DATA_BUILD}/script.tsv
  DEPENDS twdict ${TW_DICT_TEXT}/TSCharacters.txt ${TW_DICT_TEXT}/STCharacters.txt
  COMMENT "Building the script table" VERBATIM)
add_custom_command(
  OUTPUT ${TW_DATA_BUILD}/words.txt
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/dicts/spelling/words.txt ${TW_DATA_BUILD}/words.txt
  DEPENDS ${CMAKE_SOURCE_DIR}/dicts/spelling/words.txt VERBATIM)
add_custom_target(tw_check_data ALL DEPENDS ${TW_DATA_BUILD}/script.tsv ${TW_DATA_BUILD}/words.txt)
