# Inputs of the BTF loader tests (test/unit/test_btf_load*.c): a tiny BPF
# object with .BTF wrapped into synthetic gzip/lz4/xz/zstd/bzip2 boot
# images. See test/unit/btf/README.md. Included from test/CMakeLists.txt.
set(BTFCC_BTF_FIXTURE_SRC ${CMAKE_CURRENT_LIST_DIR})
set(BTFCC_BTF_FIXTURE_DIR ${CMAKE_CURRENT_BINARY_DIR}/btf_fixtures)
add_executable(btfcc_mkbzimage ${BTFCC_BTF_FIXTURE_SRC}/mkbzimage.c)
add_custom_command(OUTPUT ${BTFCC_BTF_FIXTURE_DIR}/stamp
		   COMMAND bash ${BTFCC_BTF_FIXTURE_SRC}/gen_fixtures.sh ${BTFCC_BTF_FIXTURE_SRC}
			   ${BTFCC_BTF_FIXTURE_DIR} $<TARGET_FILE:btfcc_mkbzimage>
		   DEPENDS ${BTFCC_BTF_FIXTURE_SRC}/gen_fixtures.sh
			   ${BTFCC_BTF_FIXTURE_SRC}/tiny_kernel.c
			   ${BTFCC_BTF_FIXTURE_SRC}/tiny_module.c btfcc_mkbzimage
		   COMMENT "Generating BTF loader test fixtures")
add_custom_target(btfcc_btf_fixtures ALL DEPENDS ${BTFCC_BTF_FIXTURE_DIR}/stamp)
file(GLOB btf_load_tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_btf_load*.c)
foreach(src ${btf_load_tests})
	get_filename_component(name ${src} NAME_WE)
	if(TARGET ${name})
		add_dependencies(${name} btfcc_btf_fixtures)
	endif()
endforeach()
