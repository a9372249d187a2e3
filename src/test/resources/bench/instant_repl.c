/*
 * The instant REPL stand-in of the recovery benchmarks: answers every request at once, in the REPL's layout
 * (JSON, then a blank line), and starts in about a millisecond, so that restarts measure the client. A
 * request with "pickleTo" writes a small file there; "unpickleEnvFrom" and commands answer a fresh env; a
 * tactic or "unpickleProofStateFrom" a fresh proof state. Ids are not checked. Not a simulator of Lean.
 * Built by the benchmarks with the system's C compiler when there is one (see RecoveryBenchmark).
 */
#include <stdio.h>
#include <string.h>

static char request[1 << 20];

static void pickle(const char *q) {
    const char *at = strstr(q, "\"pickleTo\"");
    const char *start = strchr(at + 10, '"');
    if (start == NULL) {
        return;
    }
    start++;
    const char *end = strchr(start, '"');
    char path[4096];
    size_t n = (size_t) (end - start) < sizeof path - 1 ? (size_t) (end - start) : sizeof path - 1;
    memcpy(path, start, n);
    path[n] = 0;
    FILE *f = fopen(path, "w");
    if (f != NULL) {
        fputs("pickle\n", f);
        fclose(f);
    }
}

int main(void) {
    char line[1 << 16];
    size_t length = 0;
    int env = 0, proofState = 0;
    while (fgets(line, sizeof line, stdin) != NULL) {
        if (line[0] != '\n') {
            size_t n = strlen(line);
            if (length + n < sizeof request) {
                memcpy(request + length, line, n);
                length += n;
            }
            continue;
        }
        if (length == 0) {
            continue;
        }
        request[length] = 0;
        length = 0;
        if (strstr(request, "\"pickleTo\"") != NULL) {
            pickle(request);
            if (strstr(request, "\"proofState\"") != NULL) {
                printf("{\"proofState\": %d, \"goals\": []}\n\n", proofState++);
            } else {
                printf("{\"env\": %d}\n\n", env++);
            }
        } else if (strstr(request, "\"tactic\"") != NULL || strstr(request, "\"unpickleProofStateFrom\"") != NULL) {
            printf("{\"proofState\": %d, \"goals\": []}\n\n", proofState++);
        } else {
            printf("{\"env\": %d}\n\n", env++);
        }
        fflush(stdout);
    }
    return 0;
}
