/* What the hello module exports. */
#ifndef KERNEL_MODULES_HELLO_API_H
#define KERNEL_MODULES_HELLO_API_H

/* Calls through every module hello depends on; 0 when all answer right. */
int hello_check(void);

#endif
