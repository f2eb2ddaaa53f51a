/* The configuration mechanism every PC chipset since the 1990s has:
 * an address dword at 0xCF8, the data dword at 0xCFC. */
#include "stage2/drivers/pci.h"

#include "stage2/bios.h"

#define PCI_ADDRESS_PORT 0xcf8
#define PCI_DATA_PORT 0xcfc
#define PCI_HEADER_TYPE 0x0e
#define PCI_MULTI_FUNCTION 0x80
#define PCI_HEADER_BRIDGE 1
#define PCI_BRIDGE_BUSES 0x18 /* primary, secondary, subordinate bus numbers */

static void select_register(const struct pci_function *f, uint8_t offset)
{
	outl(PCI_ADDRESS_PORT, 0x80000000u | (uint32_t)f->bus << 16 | (uint32_t)f->device << 11 |
				       (uint32_t)f->function << 8 | (offset & 0xfc));
}

uint32_t pci_read32(const struct pci_function *f, uint8_t offset)
{
	select_register(f, offset);
	return inl(PCI_DATA_PORT);
}

void pci_write32(const struct pci_function *f, uint8_t offset, uint32_t value)
{
	select_register(f, offset);
	outl(PCI_DATA_PORT, value);
}

uint16_t pci_read16(const struct pci_function *f, uint8_t offset)
{
	return (uint16_t)(pci_read32(f, offset) >> ((offset & 2) * 8));
}

void pci_write16(const struct pci_function *f, uint8_t offset, uint16_t value)
{
	uint32_t shift = (offset & 2) * 8;
	uint32_t old = pci_read32(f, offset);
	pci_write32(f, offset, (old & ~(0xffffu << shift)) | (uint32_t)value << shift);
}

int pci_scan(int (*visit)(const struct pci_function *f, void *arg), void *arg)
{
	/* Bus 0, then every bus up to the highest a bridge says lies behind it. */
	unsigned last_bus = 0;
	for (unsigned bus = 0; bus <= last_bus; bus++) {
		for (unsigned device = 0; device < 32; device++) {
			for (unsigned function = 0; function < 8; function++) {
				struct pci_function f = { .bus = (uint8_t)bus, .device = (uint8_t)device,
							 .function = (uint8_t)function };
				uint32_t id = pci_read32(&f, 0);
				if ((id & 0xffff) == 0xffff) {
					if (function == 0)
						break;
					continue;
				}
				f.vendor = (uint16_t)id;
				f.device_id = (uint16_t)(id >> 16);
				f.class_code = pci_read32(&f, 0x08) >> 8;
				uint8_t header = (uint8_t)(pci_read32(&f, PCI_HEADER_TYPE & 0xfc) >> 16);
				if ((header & 0x7f) == PCI_HEADER_BRIDGE) {
					unsigned subordinate = (pci_read32(&f, PCI_BRIDGE_BUSES) >> 16) & 0xff;
					if (subordinate > last_bus)
						last_bus = subordinate;
				}
				int result = visit(&f, arg);
				if (result)
					return result;
				if (function == 0 && !(header & PCI_MULTI_FUNCTION))
					break;
			}
		}
	}
	return 0;
}
