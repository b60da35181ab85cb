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

/* The statement database's commands (cli/index.c, cli/query.c,
 * cli/report.c; docs/db.md) and their help texts. Each prints its own help
 * for -h/--help. */
int ws_cli_index(int argc, char **argv);
int ws_cli_search(int argc, char **argv);
int ws_cli_speakers(int argc, char **argv);
int ws_cli_speaker(int argc, char **argv);
int ws_cli_exchanges(int argc, char **argv);
int ws_cli_report(int argc, char **argv);
extern const char WS_CLI_INDEX_HELP[], WS_CLI_SEARCH_HELP[], WS_CLI_SPEAKERS_HELP[],
    WS_CLI_SPEAKER_HELP[], WS_CLI_EXCHANGES_HELP[], WS_CLI_REPORT_HELP[];

/* `whosaid serve` (cli/serve.c): the HTTP API and web page, and its help. */
int ws_cli_serve(int argc, char **argv);
extern const char ws_cli_serve_help[];

#endif
