/* main.c: placeholder command-line tool. */
#include <stdio.h>

#include "whosaid.h"

int main(void) {
  printf("whosaid %s\n", ws_version());
  return 0;
}
