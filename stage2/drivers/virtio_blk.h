/* virtio-blk over PCI (1af4:1042 modern, 1af4:1001 transitional or legacy):
 * the virtio 1.x interface, else the legacy one; polled, one request at a time. */
#ifndef GHOSTBOOT_STAGE2_DRIVERS_VIRTIO_BLK_H
#define GHOSTBOOT_STAGE2_DRIVERS_VIRTIO_BLK_H

#include "stage2/drivers/native.h"

/* Offers each virtio-blk disk; 0 once one was taken. */
int virtio_blk_find(native_offer_fn offer);

#endif
