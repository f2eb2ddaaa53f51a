/* COM1, polled: the console the tests read. */
#ifndef KERNEL_SERIAL_H
#define KERNEL_SERIAL_H

void serial_init(void);
void serial_putc(char c); /* "\n" goes out as "\r\n" */

#endif
