/* AHCI 1.x host bus adapters (PCI class 01/06/01), polled, one command slot. */
#ifndef GHOSTBOOT_STAGE2_DRIVERS_AHCI_H
#define GHOSTBOOT_STAGE2_DRIVERS_AHCI_H

#include "stage2/drivers/native.h"

/* Offers each ATA disk on every AHCI controller; 0 once one was taken. */
int ahci_find(native_offer_fn offer);

#endif
