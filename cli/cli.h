/* cli.h: the command-line tool's internal interface between its files. The
 * tool uses the library only through include/whosaid.h. */
#ifndef WS_CLI_H
#define WS_CLI_H

/* Each subcommand takes the arguments after its name (argv[0] is the
 * subcommand's name) and returns the process exit code: 0 success, 1 a
 * failure while working, 2 a usage error or a missing file. */
int ws_cli_eval(int argc, char **argv);
int ws_cli_train(int argc, char **argv);
/* `whosaid eval --extraction DIR`: main-text accuracy and speed on the
 * article extraction benchmark (cli/eval_extraction.c). */
int ws_cli_eval_extraction(int argc, char **argv);

#endif
