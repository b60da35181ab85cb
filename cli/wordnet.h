/* wordnet.h: lexical classes from the WordNet database for `whosaid train`
 * (cli/wordnet.c). */
#ifndef WS_CLI_WORDNET_H
#define WS_CLI_WORDNET_H

#include <stddef.h>

#include "whosaid.h"

/* Reads the WordNet 3.0 database files in dir (data.verb, data.noun,
 * index.verb, index.noun, verb.exc, noun.exc) and gives trainer t the
 * classes of each word (ws_trainer_add_word_class). Returns 0, or an errno
 * value with *bad naming the file that could not be read (NULL when memory
 * ran out or the trainer's table is full). *nwords is the number of words
 * given (a word may be given more than once). */
int ws_cli_wordnet(const char *dir, ws_trainer *t, size_t *nwords, const char **bad);

#endif
