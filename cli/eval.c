/* eval.c: placeholder until `whosaid eval` lands. */
#include <stdio.h>

#include "cli.h"

int ws_cli_eval(int argc, char **argv) {
  (void)argc, (void)argv;
  fprintf(stderr, "whosaid eval: not built yet\n");
  return 1;
}
