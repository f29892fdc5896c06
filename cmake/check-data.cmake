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
# Word boundaries for the checker: jieba's Mainland dictionary (Debian
# python3-jieba), in both scripts (tools/segdict.c).
add_custom_command(
  OUTPUT ${TW_DATA_BUILD}/segwords.txt
  COMMAND twdict segdict --data-dir ${TW_DATA_BUILD} --jieba ${TW_JIEBA_DICT}
          ${TW_DATA_BUILD}/segwords.txt
  DEPENDS twdict tw_stock_data ${TW_JIEBA_DICT}
  COMMENT "Building the checker's word list" VERBATIM)
add_custom_target(tw_check_data ALL DEPENDS ${TW_DATA_BUILD}/script.tsv ${TW_DATA_BUILD}/words.txt
                  ${TW_DATA_BUILD}/segwords.txt)
