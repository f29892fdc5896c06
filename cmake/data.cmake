# Builds share/tongwen/: compiled stock OpenCC dictionaries and profiles, and
# our hk2cn profile with its dictionaries (for tongwen and for stock opencc).
set(TW_DICT_TEXT ${CMAKE_BINARY_DIR}/dicts-text)
file(MAKE_DIRECTORY ${TW_DICT_TEXT})

file(GLOB TW_STOCK_OCD2 ${TW_OPENCC_DATADIR}/*.ocd2)
file(GLOB TW_STOCK_PROFILES ${TW_OPENCC_DATADIR}/*.json)
set(TW_DATA_OUTPUTS)
foreach(ocd2 ${TW_STOCK_OCD2})
  get_filename_component(stem ${ocd2} NAME_WE)
  add_custom_command(
    OUTPUT ${TW_DICT_TEXT}/${stem}.txt
    COMMAND ${OPENCC_DICT} -i ${ocd2} -o ${TW_DICT_TEXT}/${stem}.txt -f ocd2 -t text
    DEPENDS ${ocd2} COMMENT "Dumping ${stem}.ocd2" VERBATIM)
  add_custom_command(
    OUTPUT ${TW_DATA_BUILD}/${stem}.twd
    COMMAND twdict compile ${TW_DICT_TEXT}/${stem}.txt ${TW_DATA_BUILD}/${stem}.twd
    DEPENDS twdict ${TW_DICT_TEXT}/${stem}.txt COMMENT "Compiling ${stem}.twd" VERBATIM)
  list(APPEND TW_DATA_OUTPUTS ${TW_DATA_BUILD}/${stem}.twd)
endforeach()
foreach(json ${TW_STOCK_PROFILES})
  get_filename_component(name ${json} NAME)
  add_custom_command(OUTPUT ${TW_DATA_BUILD}/${name}
    COMMAND ${CMAKE_COMMAND} -E copy ${json} ${TW_DATA_BUILD}/${name}
    DEPENDS ${json} VERBATIM)
  list(APPEND TW_DATA_OUTPUTS ${TW_DATA_BUILD}/${name})
endforeach()
add_custom_target(tw_stock_data DEPENDS ${TW_DATA_OUTPUTS})

# Our term tables -> the hk2cn dictionaries and the checker's lexicon.
file(GLOB TW_TERM_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/dicts/terms/*.tsv)
file(GLOB TW_CANTONESE_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/dicts/cantonese/*.tsv)
set(TW_GEN ${CMAKE_BINARY_DIR}/dicts-gen)
file(MAKE_DIRECTORY ${TW_GEN})
set(TW_HKCN_DICTS HKCNTerms HKCNTermsTW HKCNSegment HKCNPunct)
# Rime's essay word list (Debian rime-essay): general vocabulary, so a
# compound in it is no official name (the guard's G entries).
find_file(TW_ESSAY essay.txt PATHS /usr/share/rime-data REQUIRED NO_DEFAULT_PATH)
# jieba's Mainland dictionary (Debian python3-jieba): word classes for the
# guard, and the checker's word boundaries.
find_file(TW_JIEBA_DICT dict.txt PATHS /usr/lib/python3/dist-packages/jieba REQUIRED
          NO_DEFAULT_PATH)
file(GLOB TW_GAZETTEERS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/dicts/gazetteers/*.tsv)
file(GLOB TW_GUARD_LISTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/dicts/guard/*.txt)
add_custom_command(
  OUTPUT ${TW_GEN}/HKCNTerms.txt ${TW_GEN}/HKCNTermsTW.txt ${TW_GEN}/HKCNSegment.txt ${TW_GEN}/HKCNPunct.txt
         ${TW_GEN}/HKCNGuard.txt ${TW_GEN}/HKCNSpread.txt ${TW_GEN}/HKCNSpreadTW.txt
         ${TW_DATA_BUILD}/lexicon.tsv ${CMAKE_BINARY_DIR}/lexicon-report.txt
  COMMAND twdict lexicon
          --dicts ${CMAKE_SOURCE_DIR}/dicts
          --data-dir ${TW_DATA_BUILD}
          --phrases ${TW_DICT_TEXT}/TSPhrases.txt
          --out ${TW_GEN}
          --lexicon ${TW_DATA_BUILD}/lexicon.tsv
          --report ${CMAKE_BINARY_DIR}/lexicon-report.txt
          --guard ${TW_GEN}/HKCNGuard.txt --essay ${TW_ESSAY} --jieba ${TW_JIEBA_DICT}
          --variants ${TW_DICT_TEXT}/HKVariants.txt,${TW_DICT_TEXT}/TWVariants.txt
          --segwords ${TW_DATA_BUILD}/segwords.txt
  DEPENDS twdict tw_stock_data ${TW_TERM_SOURCES} ${TW_CANTONESE_SOURCES}
          ${TW_DATA_BUILD}/segwords.txt
          ${TW_DICT_TEXT}/HKVariants.txt ${TW_DICT_TEXT}/TWVariants.txt
          ${CMAKE_SOURCE_DIR}/dicts/standard/spelling-pairs.tsv
          ${CMAKE_SOURCE_DIR}/dicts/cantonese-classes.tsv
          ${TW_DATA_BUILD}/HKCNStandard.twd ${TW_DATA_BUILD}/HKCNNoStandard.twd
          ${TW_DATA_BUILD}/HKCNKeepVariant.twd
          ${TW_DATA_BUILD}/hk2s-std.json
          ${TW_GAZETTEERS} ${TW_GUARD_LISTS} ${CMAKE_SOURCE_DIR}/dicts/segment/words.txt ${TW_ESSAY} ${TW_JIEBA_DICT}
          ${CMAKE_SOURCE_DIR}/dicts/punct/HKCNPunct.txt ${TW_DICT_TEXT}/TSPhrases.txt
          ${CMAKE_SOURCE_DIR}/dicts/sense/spread.tsv
  COMMENT "Building the term lexicon" VERBATIM)
set(TW_HKCN_OUTPUTS)
foreach(d ${TW_HKCN_DICTS})
  # The term tables' keys are all segmentation keys: the build checks it
  # and records it in the image, which spares the load a walk (dict.h).
  set(within)
  set(within_dep)
  if(d MATCHES "^HKCNTerms")
    set(within --within ${TW_DATA_BUILD}/HKCNSegment.twd)
    set(within_dep ${TW_DATA_BUILD}/HKCNSegment.twd)
  endif()
  add_custom_command(
    OUTPUT ${TW_DATA_BUILD}/${d}.ocd2 ${TW_DATA_BUILD}/${d}.twd
    COMMAND ${OPENCC_DICT} -i ${TW_GEN}/${d}.txt -o ${TW_DATA_BUILD}/${d}.ocd2 -f text -t ocd2
    COMMAND twdict compile ${within} ${TW_GEN}/${d}.txt ${TW_DATA_BUILD}/${d}.twd
    DEPENDS twdict ${TW_GEN}/${d}.txt ${within_dep} COMMENT "Compiling ${d}" VERBATIM)
  list(APPEND TW_HKCN_OUTPUTS ${TW_DATA_BUILD}/${d}.ocd2 ${TW_DATA_BUILD}/${d}.twd)
endforeach()
foreach(prof hk2cn hk2cn-tw hk2s-std)
  add_custom_command(OUTPUT ${TW_DATA_BUILD}/${prof}.json
    COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/dicts/profiles/${prof}.json
            ${TW_DATA_BUILD}/${prof}.json
    DEPENDS ${CMAKE_SOURCE_DIR}/dicts/profiles/${prof}.json VERBATIM)
  list(APPEND TW_HKCN_OUTPUTS ${TW_DATA_BUILD}/${prof}.json)
endforeach()
# One sense per document (lib/convert/spread.h): the cores that spread and
# their triggers, for hk2cn and its Taiwan register.
foreach(d HKCNSpread HKCNSpreadTW)
  add_custom_command(OUTPUT ${TW_DATA_BUILD}/${d}.txt
    COMMAND ${CMAKE_COMMAND} -E copy ${TW_GEN}/${d}.txt ${TW_DATA_BUILD}/${d}.txt
    DEPENDS ${TW_GEN}/${d}.txt VERBATIM)
  list(APPEND TW_HKCN_OUTPUTS ${TW_DATA_BUILD}/${d}.txt)
endforeach()
# hk2cn's register markers (dicts/register/README.md): which documents are
# Taiwan copy, converted with hk2cn-tw.
add_custom_command(OUTPUT ${TW_DATA_BUILD}/register-markers.tsv
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/dicts/register/markers.tsv
          ${TW_DATA_BUILD}/register-markers.tsv
  DEPENDS ${CMAKE_SOURCE_DIR}/dicts/register/markers.tsv VERBATIM)
list(APPEND TW_HKCN_OUTPUTS ${TW_DATA_BUILD}/register-markers.tsv)
add_custom_command(OUTPUT ${TW_DATA_BUILD}/register-pairs.tsv
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/dicts/register/pairs.tsv
          ${TW_DATA_BUILD}/register-pairs.tsv
  DEPENDS ${CMAKE_SOURCE_DIR}/dicts/register/pairs.tsv VERBATIM)
list(APPEND TW_HKCN_OUTPUTS ${TW_DATA_BUILD}/register-pairs.tsv)
# The name guard is tongwen's own layer: only a compiled form (stock OpenCC
# ignores the profile's "tongwen_guard" key). A term's flags (R rewriting, U
# no part of a name, L transliteration) are only ever looked up for the whole
# term: such keys take no slots for their prefixes (--whole), which keeps the
# table, and the memory conversion touches, at half the size.
add_custom_command(OUTPUT ${TW_DATA_BUILD}/HKCNGuard.twd
  COMMAND twdict compile --whole RUL ${TW_GEN}/HKCNGuard.txt ${TW_DATA_BUILD}/HKCNGuard.twd
  DEPENDS twdict ${TW_GEN}/HKCNGuard.txt COMMENT "Compiling HKCNGuard" VERBATIM)
list(APPEND TW_HKCN_OUTPUTS ${TW_DATA_BUILD}/HKCNGuard.twd)

# The Mainland character standard (dicts/standard/README.md): the last step of
# hk2cn and the checker's list of standard characters.
find_program(TW_BZIP2 bzip2 REQUIRED)
find_file(TW_UNIHAN_VARIANTS Unihan_Variants.txt.bz2 PATHS /usr/share/unicode REQUIRED
          NO_DEFAULT_PATH)
find_file(TW_UNICODE_DATA UnicodeData.txt PATHS /usr/share/unicode REQUIRED NO_DEFAULT_PATH)
find_file(TW_EQUIV_IDEOGRAPHS EquivalentUnifiedIdeograph.txt PATHS /usr/share/unicode REQUIRED
          NO_DEFAULT_PATH)
file(GLOB TW_CANTONESE_TABLES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/dicts/cantonese.tsv
     ${CMAKE_SOURCE_DIR}/dicts/cantonese/*.tsv)
set(TW_KEEP_CHARS)
foreach(f ${TW_CANTONESE_TABLES})
  list(APPEND TW_KEEP_CHARS --keep-chars ${f})
endforeach()
add_custom_command(OUTPUT ${TW_GEN}/Unihan_Variants.txt
  COMMAND sh -c "${TW_BZIP2} -dc '${TW_UNIHAN_VARIANTS}' > '${TW_GEN}/Unihan_Variants.txt'"
  DEPENDS ${TW_UNIHAN_VARIANTS} VERBATIM)
add_custom_command(
  OUTPUT ${TW_GEN}/HKCNStandard.txt ${TW_DATA_BUILD}/mainland-standard.txt
         ${TW_GEN}/HKCNNormalize.txt ${TW_GEN}/HKCNNoStandard.txt ${TW_GEN}/HKCNKeepVariant.txt
  COMMAND twdict standard
          --table ${CMAKE_SOURCE_DIR}/dicts/standard/tongyong-guifan-2013.tsv
          --unihan ${TW_GEN}/Unihan_Variants.txt --unicode-data ${TW_UNICODE_DATA}
          --radicals ${TW_EQUIV_IDEOGRAPHS} --ts ${TW_DICT_TEXT}/TSCharacters.txt
          --hk-variants ${TW_DICT_TEXT}/HKVariantsRev.txt
          --jp-variants ${TW_DICT_TEXT}/JPVariantsRev.txt
          --reviewed ${CMAKE_SOURCE_DIR}/dicts/standard/variants.tsv
          --out ${TW_GEN}/HKCNStandard.txt --chars ${TW_DATA_BUILD}/mainland-standard.txt
          --normalize ${TW_GEN}/HKCNNormalize.txt --keep-out ${TW_GEN}/HKCNNoStandard.txt
          --keep-variants-out ${TW_GEN}/HKCNKeepVariant.txt
          ${TW_KEEP_CHARS}
  DEPENDS twdict ${TW_GEN}/Unihan_Variants.txt           ${CMAKE_SOURCE_DIR}/dicts/standard/tongyong-guifan-2013.tsv
          ${TW_DICT_TEXT}/TSCharacters.txt ${TW_DICT_TEXT}/HKVariantsRev.txt
          ${TW_DICT_TEXT}/JPVariantsRev.txt ${CMAKE_SOURCE_DIR}/dicts/standard/variants.tsv
          ${TW_CANTONESE_TABLES}
  COMMENT "Deriving the Mainland character standard" VERBATIM)
foreach(d HKCNStandard HKCNNoStandard HKCNKeepVariant)
  add_custom_command(
    OUTPUT ${TW_DATA_BUILD}/${d}.ocd2 ${TW_DATA_BUILD}/${d}.twd
    COMMAND ${OPENCC_DICT} -i ${TW_GEN}/${d}.txt -o ${TW_DATA_BUILD}/${d}.ocd2 -f text -t ocd2
    COMMAND twdict compile ${TW_GEN}/${d}.txt ${TW_DATA_BUILD}/${d}.twd
    DEPENDS twdict ${TW_GEN}/${d}.txt COMMENT "Compiling ${d}" VERBATIM)
  list(APPEND TW_HKCN_OUTPUTS ${TW_DATA_BUILD}/${d}.ocd2 ${TW_DATA_BUILD}/${d}.twd)
endforeach()
add_custom_command(OUTPUT ${TW_DATA_BUILD}/HKCNNormalize.twd
  COMMAND twdict compile ${TW_GEN}/HKCNNormalize.txt ${TW_DATA_BUILD}/HKCNNormalize.twd
  DEPENDS twdict ${TW_GEN}/HKCNNormalize.txt COMMENT "Compiling HKCNNormalize" VERBATIM)
list(APPEND TW_HKCN_OUTPUTS ${TW_DATA_BUILD}/HKCNNormalize.twd)
list(APPEND TW_HKCN_OUTPUTS ${TW_DATA_BUILD}/mainland-standard.txt)
# Hong Kong's standard forms (常用字字形表) for check --target hk.
add_custom_command(OUTPUT ${TW_DATA_BUILD}/hk-standard.txt
  COMMAND twdict hkstandard --table ${CMAKE_SOURCE_DIR}/dicts/standard/hk-changyong-zixing.tsv
          --variants ${TW_DICT_TEXT}/HKVariants.txt --out ${TW_DATA_BUILD}/hk-standard.txt
  DEPENDS twdict ${CMAKE_SOURCE_DIR}/dicts/standard/hk-changyong-zixing.tsv
          ${TW_DICT_TEXT}/HKVariants.txt
  COMMENT "Deriving Hong Kong's standard character forms" VERBATIM)
list(APPEND TW_HKCN_OUTPUTS ${TW_DATA_BUILD}/hk-standard.txt)
# Every segmentation key of our profiles through its chain
# (lib/convert/segcache.h): a load reads it instead of walking the
# dictionaries at each key's first match, which kept most of HKCNTerms and
# HKCNGuard resident.
set(TW_SEGCACHE_INPUTS ${TW_DATA_OUTPUTS} ${TW_HKCN_OUTPUTS})
foreach(prof hk2cn hk2cn-tw hk2s-std)
  add_custom_command(OUTPUT ${TW_DATA_BUILD}/${prof}.twr
    COMMAND twdict segcache ${TW_DATA_BUILD} ${prof}
    DEPENDS twdict ${TW_SEGCACHE_INPUTS}
    COMMENT "Writing ${prof}'s segmentation results" VERBATIM)
  list(APPEND TW_HKCN_OUTPUTS ${TW_DATA_BUILD}/${prof}.twr)
endforeach()
add_custom_target(tw_data ALL DEPENDS tw_stock_data ${TW_HKCN_OUTPUTS})

# The share of the mined word lists the lexicon decides (dicts/mined/README.md).
file(GLOB TW_MINED CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/dicts/mined/*.tsv)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/coverage-report.txt
  COMMAND twdict coverage --dicts ${CMAKE_SOURCE_DIR}/dicts --data-dir ${TW_DATA_BUILD}
          > ${CMAKE_BINARY_DIR}/coverage-report.txt
  DEPENDS twdict tw_data ${TW_MINED} ${TW_DATA_BUILD}/lexicon.tsv ${TW_DATA_BUILD}/HKCNGuard.twd
  COMMENT "Lexicon coverage of the mined words")
add_custom_target(tw_coverage ALL DEPENDS ${CMAKE_BINARY_DIR}/coverage-report.txt)
