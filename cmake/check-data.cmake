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
# English words Hunspell en_US or en_GB accepts, so that the checker judges
# them without loading Hunspell (tools/spellwords.c): the forms `unmunch`
# (Debian hunspell-tools) makes of both, each confirmed by Hunspell. Without
# unmunch the list is empty and every word goes to Hunspell.
find_program(TW_UNMUNCH unmunch)
if(TW_UNMUNCH)
  add_custom_command(
    OUTPUT ${TW_DATA_BUILD}/spellwords.txt
    COMMAND sh -c "for d in en_US en_GB; do \"$0\" \"$1/$d.dic\" \"$1/$d.aff\"; done > \"$2\" 2>/dev/null"
            ${TW_UNMUNCH} ${TW_HUNSPELL_DIR} ${CMAKE_CURRENT_BINARY_DIR}/en-forms.txt
    COMMAND twdict spellwords ${TW_HUNSPELL_DIR} ${CMAKE_CURRENT_BINARY_DIR}/en-forms.txt
            ${TW_DATA_BUILD}/spellwords.txt
    DEPENDS twdict ${TW_HUNSPELL_DIR}/en_US.dic ${TW_HUNSPELL_DIR}/en_US.aff
            ${TW_HUNSPELL_DIR}/en_GB.dic ${TW_HUNSPELL_DIR}/en_GB.aff
    COMMENT "Building the English words Hunspell accepts" VERBATIM)
else()
  message(STATUS "unmunch (hunspell-tools) not found: every English word goes to Hunspell")
  add_custom_command(OUTPUT ${TW_DATA_BUILD}/spellwords.txt
    COMMAND ${CMAKE_COMMAND} -E touch ${TW_DATA_BUILD}/spellwords.txt VERBATIM)
endif()
# The compiled lexicon (lib/check/lexcache.c): mapped at load instead of
# parsing lexicon.tsv, which it names by size and digest.
add_custom_command(
  OUTPUT ${TW_DATA_BUILD}/lexicon.twc
  COMMAND twdict lexcache ${TW_DATA_BUILD}
  DEPENDS twdict tw_data ${TW_DATA_BUILD}/lexicon.tsv
  COMMENT "Compiling the checker's lexicon" VERBATIM)
add_custom_target(tw_check_data ALL DEPENDS ${TW_DATA_BUILD}/script.tsv ${TW_DATA_BUILD}/words.txt
                  ${TW_DATA_BUILD}/segwords.txt ${TW_DATA_BUILD}/spellwords.txt
                  ${TW_DATA_BUILD}/lexicon.twc)
