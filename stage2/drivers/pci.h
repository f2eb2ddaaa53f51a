/* PCI configuration space through mechanism #1 (ports 0xCF8/0xCFC). */
#ifndef GHOSTBOOT_STAGE2_DRIVERS_PCI_H
#define GHOSTBOOT_STAGE2_DRIVERS_PCI_H

#include <stdint.h>

struct pci_function {
	uint8_t bus, device, function;
	uint16_t vendor, device_id;
	uint32_t class_code; /* class << 16 | subclass << 8 | programming interface */
};

#define PCI_COMMAND 0x04
#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_BUS_MASTER 0x4
#define PCI_BAR0 0x10

uint32_t pci_read32(const struct pci_function *f, uint8_t offset);
void pci_write32(const struct pci_function *f, uint8_t offset, uint32_t value);
uint16_t pci_read16(const struct pci_function *f, uint8_t offset);
void pci_write16(const struct pci_function *f, uint8_t offset, uint16_t value);

/* Calls `visit` for each function present on bus 0 and the buses PCI
 * bridges lead to (at most 256 buses, 32 devices, 8 functions each), until
 * it returns nonzero; returns that value, or 0. */
int pci_scan(int (*visit)(const struct pci_function *f, void *arg), void *arg);

#endif
