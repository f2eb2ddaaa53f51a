/* The few UEFI types ghostboot's UEFI loader uses, written from the UEFI
 * specification (2.10): the system table, the boot services it calls, the
 * text console and keyboard, the reset, Loaded Image, Device Path, Block I/O, Graphics Output, the
 * memory map and the configuration table. Everything else is left out. */
#ifndef GHOSTBOOT_UEFI_EFI_H
#define GHOSTBOOT_UEFI_EFI_H

#include <stddef.h>
#include <stdint.h>

/* The x86-64 UEFI calling convention is Microsoft's. */
#define EFIAPI __attribute__((ms_abi))

typedef uint64_t efi_status;
typedef void *efi_handle;
typedef uint16_t char16;

#define EFI_ERROR_BIT (1ull << 63)
#define EFI_SUCCESS 0
#define EFI_LOAD_ERROR (EFI_ERROR_BIT | 1)
#define EFI_INVALID_PARAMETER (EFI_ERROR_BIT | 2)
#define EFI_UNSUPPORTED (EFI_ERROR_BIT | 3)
#define EFI_BUFFER_TOO_SMALL (EFI_ERROR_BIT | 5)
#define EFI_NOT_FOUND (EFI_ERROR_BIT | 14)
#define EFI_NATIVE_INTERFACE 0

struct efi_guid {
	uint32_t data1;
	uint16_t data2, data3;
	uint8_t data4[8];
};

struct efi_table_header {
	uint64_t signature;
	uint32_t revision, header_size, crc32, reserved;
};

/* Memory types and allocation kinds, as numbered by the specification. */
enum efi_memory_type {
	EFI_RESERVED_MEMORY,
	EFI_LOADER_CODE,
	EFI_LOADER_DATA,
	EFI_BOOT_SERVICES_CODE,
	EFI_BOOT_SERVICES_DATA,
	EFI_RUNTIME_SERVICES_CODE,
	EFI_RUNTIME_SERVICES_DATA,
	EFI_CONVENTIONAL_MEMORY,
	EFI_UNUSABLE_MEMORY,
	EFI_ACPI_RECLAIM_MEMORY,
	EFI_ACPI_MEMORY_NVS,
	EFI_MEMORY_MAPPED_IO,
	EFI_MEMORY_MAPPED_IO_PORT_SPACE,
	EFI_PAL_CODE,
	EFI_PERSISTENT_MEMORY,
};
enum efi_allocate_type { EFI_ALLOCATE_ANY_PAGES, EFI_ALLOCATE_MAX_ADDRESS, EFI_ALLOCATE_ADDRESS };
enum efi_locate_search_type { EFI_ALL_HANDLES, EFI_BY_REGISTER_NOTIFY, EFI_BY_PROTOCOL };

#define EFI_PAGE_SIZE 4096u

/* One entry of GetMemoryMap's array; entries are descriptor_size apart,
 * which may be larger than this structure. */
struct efi_memory_descriptor {
	uint32_t type;
	uint64_t physical_start;
	uint64_t virtual_start;
	uint64_t pages;
	uint64_t attribute;
};

struct efi_simple_text_output {
	void *reset;
	efi_status(EFIAPI *output_string)(struct efi_simple_text_output *self, const char16 *text);
	/* The rest of the protocol is not used. */
};

struct efi_input_key {
	uint16_t scan_code; /* 1: up, 2: down; 0 for a character */
	char16 unicode_char;
};
#define EFI_SCAN_UP 1
#define EFI_SCAN_DOWN 2

struct efi_simple_text_input {
	void *reset;
	/* EFI_NOT_READY when no key is waiting. */
	efi_status(EFIAPI *read_key_stroke)(struct efi_simple_text_input *self,
					    struct efi_input_key *key);
	void *wait_for_key;
};

enum efi_reset_type { EFI_RESET_COLD, EFI_RESET_WARM, EFI_RESET_SHUTDOWN };

struct efi_runtime_services {
	struct efi_table_header header;
	void *get_time, *set_time, *get_wakeup_time, *set_wakeup_time;
	void *set_virtual_address_map, *convert_pointer;
	void *get_variable, *get_next_variable_name, *set_variable;
	void *get_next_high_monotonic_count;
	void(EFIAPI *reset_system)(enum efi_reset_type type, efi_status status, uint64_t data_size,
				   void *data);
	/* The rest of the table is not used. */
};

struct efi_device_path;

struct efi_boot_services {
	struct efi_table_header header;
	void *raise_tpl, *restore_tpl;
	efi_status(EFIAPI *allocate_pages)(enum efi_allocate_type type,
					   enum efi_memory_type memory_type, uint64_t pages,
					   uint64_t *address);
	efi_status(EFIAPI *free_pages)(uint64_t address, uint64_t pages);
	efi_status(EFIAPI *get_memory_map)(uint64_t *map_size, struct efi_memory_descriptor *map,
					   uint64_t *map_key, uint64_t *descriptor_size,
					   uint32_t *descriptor_version);
	efi_status(EFIAPI *allocate_pool)(enum efi_memory_type type, uint64_t size, void **buffer);
	efi_status(EFIAPI *free_pool)(void *buffer);
	void *create_event, *set_timer, *wait_for_event, *signal_event, *close_event, *check_event;
	efi_status(EFIAPI *install_protocol_interface)(efi_handle *handle,
						       const struct efi_guid *protocol,
						       uint32_t interface_type, void *interface);
	void *reinstall_protocol_interface;
	efi_status(EFIAPI *uninstall_protocol_interface)(efi_handle handle,
							 const struct efi_guid *protocol,
							 void *interface);
	efi_status(EFIAPI *handle_protocol)(efi_handle handle, const struct efi_guid *protocol,
					    void **interface);
	void *reserved;
	void *register_protocol_notify, *locate_handle, *locate_device_path,
		*install_configuration_table;
	efi_status(EFIAPI *load_image)(uint8_t boot_policy, efi_handle parent,
				       const struct efi_device_path *path, void *source,
				       uint64_t source_size, efi_handle *image);
	efi_status(EFIAPI *start_image)(efi_handle image, uint64_t *exit_data_size,
					char16 **exit_data);
	efi_status(EFIAPI *exit)(efi_handle image, efi_status status, uint64_t data_size,
				 char16 *data);
	efi_status(EFIAPI *unload_image)(efi_handle image);
	efi_status(EFIAPI *exit_boot_services)(efi_handle image, uint64_t map_key);
	void *get_next_monotonic_count;
	efi_status(EFIAPI *stall)(uint64_t microseconds);
	efi_status(EFIAPI *set_watchdog_timer)(uint64_t timeout, uint64_t code, uint64_t data_size,
					       char16 *data);
	void *connect_controller, *disconnect_controller;
	void *open_protocol, *close_protocol, *open_protocol_information;
	void *protocols_per_handle;
	efi_status(EFIAPI *locate_handle_buffer)(enum efi_locate_search_type type,
						 const struct efi_guid *protocol, void *search_key,
						 uint64_t *count, efi_handle **handles);
	efi_status(EFIAPI *locate_protocol)(const struct efi_guid *protocol, void *registration,
					    void **interface);
	/* The rest of the table is not used. */
};

struct efi_configuration_table {
	struct efi_guid vendor_guid;
	void *vendor_table;
};

struct efi_system_table {
	struct efi_table_header header;
	char16 *firmware_vendor;
	uint32_t firmware_revision;
	efi_handle console_in_handle;
	struct efi_simple_text_input *con_in;
	efi_handle console_out_handle;
	struct efi_simple_text_output *con_out;
	efi_handle standard_error_handle;
	struct efi_simple_text_output *std_err;
	struct efi_runtime_services *runtime_services;
	struct efi_boot_services *boot_services;
	uint64_t table_count;
	struct efi_configuration_table *tables;
};

struct efi_device_path {
	uint8_t type, subtype;
	uint8_t length[2]; /* of this node, header included; little-endian */
};
#define EFI_DEVICE_PATH_END 0x7f

struct efi_loaded_image {
	uint32_t revision;
	efi_handle parent;
	struct efi_system_table *system_table;
	efi_handle device; /* where the image was loaded from */
	struct efi_device_path *file_path;
	void *reserved;
	uint32_t load_options_size;
	void *load_options;
	void *image_base;
	uint64_t image_size;
	enum efi_memory_type code_type, data_type;
	void *unload;
};

struct efi_block_io_media {
	uint32_t media_id;
	uint8_t removable, present, logical_partition, read_only, write_caching;
	uint32_t block_size;
	uint32_t io_align;
	uint64_t last_block;
};

struct efi_block_io {
	uint64_t revision;
	struct efi_block_io_media *media;
	void *reset;
	efi_status(EFIAPI *read_blocks)(struct efi_block_io *self, uint32_t media_id, uint64_t lba,
					uint64_t size, void *buffer);
	void *write_blocks, *flush_blocks;
};

enum efi_pixel_format {
	EFI_PIXEL_RGB_RESERVED_8BIT,
	EFI_PIXEL_BGR_RESERVED_8BIT,
	EFI_PIXEL_BIT_MASK,
	EFI_PIXEL_BLT_ONLY,
};

struct efi_pixel_bitmask {
	uint32_t red, green, blue, reserved;
};

struct efi_graphics_mode_info {
	uint32_t version;
	uint32_t width, height;
	enum efi_pixel_format format;
	struct efi_pixel_bitmask mask;
	uint32_t pixels_per_scan_line;
};

struct efi_graphics_mode {
	uint32_t max_mode, mode;
	struct efi_graphics_mode_info *info;
	uint64_t info_size;
	uint64_t framebuffer_base;
	uint64_t framebuffer_size;
};

struct efi_graphics_output {
	efi_status(EFIAPI *query_mode)(struct efi_graphics_output *self, uint32_t mode,
				       uint64_t *info_size, struct efi_graphics_mode_info **info);
	efi_status(EFIAPI *set_mode)(struct efi_graphics_output *self, uint32_t mode);
	void *blt;
	struct efi_graphics_mode *mode;
};

extern const struct efi_guid efi_loaded_image_guid;
extern const struct efi_guid efi_device_path_guid;
extern const struct efi_guid efi_block_io_guid;
extern const struct efi_guid efi_graphics_output_guid;
extern const struct efi_guid efi_acpi_20_table_guid;
extern const struct efi_guid efi_acpi_10_table_guid;
extern const struct efi_guid efi_load_file2_guid;

/* LoadFile2: how Linux's EFI stub asks for its initrd. */
struct efi_load_file2 {
	efi_status(EFIAPI *load_file)(struct efi_load_file2 *self,
				      const struct efi_device_path *path, uint8_t boot_policy,
				      uint64_t *buffer_size, void *buffer);
};

/* The firmware's tables, set by efi_main. */
extern struct efi_system_table *efi_system;
extern struct efi_boot_services *efi_boot;
extern efi_handle efi_image;

#endif
