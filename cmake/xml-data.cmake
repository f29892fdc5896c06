# The RELAX NG schema of the annotated XML document, beside the profiles in
# share/tongwen/ (the install copies that whole directory).
add_custom_command(OUTPUT ${TW_DATA_BUILD}/tongwen.rng
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/schema/tongwen.rng ${TW_DATA_BUILD}/tongwen.rng
  DEPENDS ${CMAKE_SOURCE_DIR}/schema/tongwen.rng VERBATIM)
add_custom_target(tw_xml_data ALL DEPENDS ${TW_DATA_BUILD}/tongwen.rng)
