/* Bus-master IDE (SFF-8038i, PCI class 01/01: PIIX and kin), polled DMA. */
#ifndef GHOSTBOOT_STAGE2_DRIVERS_IDE_DMA_H
#define GHOSTBOOT_STAGE2_DRIVERS_IDE_DMA_H

#include "stage2/drivers/native.h"

/* Offers each ATA disk on every bus-master IDE controller; 0 once one was taken. */
int ide_dma_find(native_offer_fn offer);

#endif
