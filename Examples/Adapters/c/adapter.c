/* A toy scalar autograd engine in the micrograd style, and an adapter that lets
 * `gradviz test-engine` drive it (protocol: docs/test-engine-protocol.md). C99:
 *
 *     cc -std=c99 -O2 adapter.c -o toy-adapter -lm
 *     gradviz test-engine --command ./toy-adapter
 *
 * GRADVIZ_TOY_BUG plants one classic backward bug; GRADVIZ_TOY_OPS limits the operations offered.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- The engine --------------------------------------------------------- */

static const char *bug = "";
#define BUG(name) (strcmp(bug, name) == 0)

typedef struct Value Value;
struct Value {
    double data, grad;
    Value *prev[2];            /* operands, in order (a + a has a twice) */
    int nprev;
    double exponent;           /* for pow */
    void (*step)(Value *out);  /* passes out->grad on to the operands; NULL for a leaf */
    int visited;
};

static size_t npool; /* values made for the current program (the adapter frees them) */

static Value *make(double data, Value *a, Value *b, void (*step)(Value *)) {
    Value *v = calloc(1, sizeof *v);
    if (!v) { fputs("toy adapter: out of memory\n", stderr); exit(3); }
    v->data = data; v->prev[0] = a; v->prev[1] = b; v->nprev = (a != NULL) + (b != NULL);
    v->step = step;
    npool++;
    return v;
}

/* adds a contribution to v->grad (the `overwrite` bug assigns it instead) */
static void accumulate(Value *v, double x) { if (BUG("overwrite")) v->grad = x; else v->grad += x; }

#define A (out->prev[0])
#define B (out->prev[1])

static void add_back(Value *out) { accumulate(A, out->grad); accumulate(B, out->grad); }
Value *add(Value *a, Value *b) { return make(a->data + b->data, a, b, add_back); }

static void sub_back(Value *out) { accumulate(A, out->grad); accumulate(B, BUG("sub-sign") ? out->grad : -out->grad); }
static void swapped_back(Value *out) { accumulate(A, -out->grad); accumulate(B, out->grad); }
Value *sub(Value *a, Value *b) {
    if (BUG("sub-swapped")) return make(b->data - a->data, a, b, swapped_back); /* b - a, and its backward */
    return make(a->data - b->data, a, b, sub_back);
}

static void mul_back(Value *out) {
    if (BUG("missing-out-grad")) { accumulate(A, B->data); accumulate(B, A->data); }
    else { accumulate(A, B->data * out->grad); accumulate(B, A->data * out->grad); }
}
Value *mul(Value *a, Value *b) { return make(a->data * b->data, a, b, mul_back); }

static void div_back(Value *out) { accumulate(A, out->grad / B->data); accumulate(B, -(out->grad * out->data / B->data)); }
Value *divide(Value *a, Value *b) { return make(a->data / b->data, a, b, div_back); }

static void neg_back(Value *out) { accumulate(A, -out->grad); }
Value *neg(Value *a) { return make(-a->data, a, NULL, neg_back); }

/* a constant exponent; a ** 0 is a constant */
static void pow_back(Value *out) {
    double e = out->exponent;
    accumulate(A, e == 0 ? 0 : e * pow(A->data, e - 1) * out->grad);
}
Value *power(Value *a, double e) { Value *v = make(pow(a->data, e), a, NULL, pow_back); v->exponent = e; return v; }

/* a value as exponent, with a gradient to both; a ** b is flat in b at a = 0 */
static void powv_back(Value *out) {
    double x = A->data, y = B->data, ln_x = BUG("powv-exponent") ? x : log(x);
    accumulate(A, y == 0 ? 0 : y * pow(x, y - 1) * out->grad);
    accumulate(B, x == 0 && y >= 0 ? 0 : ln_x * out->data * out->grad);
}
Value *powv(Value *a, Value *b) { return make(pow(a->data, b->data), a, b, powv_back); }

static void exp_back(Value *out) { accumulate(A, out->data * out->grad); }
Value *exp_(Value *a) { return make(exp(a->data), a, NULL, exp_back); }

static void log_back(Value *out) { accumulate(A, 1 / A->data * out->grad); }
Value *log_(Value *a) { return make(log(a->data), a, NULL, log_back); }

static void tanh_back(Value *out) {
    double o = out->data;
    accumulate(A, (BUG("tanh-one-minus-o") ? 1 - o : 1 - o * o) * out->grad);
}
Value *tanh_(Value *a) { return make(tanh(a->data), a, NULL, tanh_back); }

static void relu_back(Value *out) { accumulate(A, BUG("relu-leak") ? out->grad : (out->data > 0 ? 1 : 0) * out->grad); }
Value *relu(Value *a) { return make(a->data < 0 ? 0 : a->data, a, NULL, relu_back); }

static void sigmoid_back(Value *out) { accumulate(A, out->data * (1 - out->data) * out->grad); }
Value *sigmoid(Value *a) { return make(1 / (1 + exp(-a->data)), a, NULL, sigmoid_back); }

/* the classic mistake: no order, no visited set (each step runs once per path) */
static void recurse(Value *v) {
    if (v->step) v->step(v);
    for (int i = 0; i < v->nprev; i++) recurse(v->prev[i]);
}

static Value **topo;
static size_t ntopo;
static void build(Value *v) {
    if (v->visited) return;
    v->visited = 1;
    for (int i = 0; i < v->nprev; i++) build(v->prev[i]);
    topo[ntopo++] = v;
}

/* sets root->grad to 1 and runs every backward step in reverse topological order */
void backward(Value *root) {
    root->grad = 1;
    if (BUG("recursive")) { recurse(root); return; }
    topo = malloc((npool + 1) * sizeof *topo);
    ntopo = 0;
    build(root);
    for (size_t i = ntopo; i-- > 0;) if (topo[i]->step) topo[i]->step(topo[i]);
    free(topo);
}

/* ---- The adapter -------------------------------------------------------- */

static const char *all_ops[] = {"add", "sub", "mul", "div", "neg", "pow", "powv", "exp", "log", "tanh", "relu", "sigmoid"};
static const char *bugs = " overwrite recursive sub-sign sub-swapped tanh-one-minus-o missing-out-grad relu-leak powv-exponent ";
static int offered[12];
static char error[200];

static int op_index(const char *op) {
    for (int i = 0; i < 12; i++) if (strcmp(op, all_ops[i]) == 0) return i;
    return -1;
}

static int parse_number(const char *s, double *x) {
    const char *p = s;
    if (!strcasecmp(s, "nan")) { *x = NAN; return 1; }
    if (!strcasecmp(s, "inf")) { *x = INFINITY; return 1; }
    if (!strcasecmp(s, "-inf")) { *x = -INFINITY; return 1; }
    /* [+-] digits [. digits] [e [+-] digits], with at least one digit before the exponent */
    int digits = 0;
    if (*p == '+' || *p == '-') p++;
    while (*p >= '0' && *p <= '9') p++, digits++;
    if (*p == '.') for (p++; *p >= '0' && *p <= '9'; p++) digits++;
    if (digits && (*p == 'e' || *p == 'E')) {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!(*p >= '0' && *p <= '9')) digits = 0;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (!digits || *p) { snprintf(error, sizeof error, "bad number \"%.40s\"", s); return 0; }
    *x = strtod(s, NULL);
    return 1;
}

static int parse_index(const char *s, size_t below, size_t *i) {
    size_t n = strspn(s, "0123456789");
    if (n == 0 || n > 9 || s[n]) return 0;
    *i = strtoul(s, NULL, 10);
    return *i < below;
}

static void format(char *buf, double x) {
    if (isnan(x)) strcpy(buf, "nan");        /* glibc would print "-nan" for some NaNs */
    else if (isinf(x)) strcpy(buf, x > 0 ? "inf" : "-inf");
    else sprintf(buf, "%.17g", x);
}

static Value **values;
static size_t nvalues, values_cap;
static long root;

/* handles one statement line of a program; returns 0 (and sets error) if it is malformed */
static int statement(char *line) {
    char *f[5];
    int n = 0;
    for (char *t = strtok(line, " \t\r"); t; t = strtok(NULL, " \t\r")) { if (n == 5) return 0; f[n++] = t; }
    if (root >= 0) return snprintf(error, sizeof error, "statement after backward"), 0;
    size_t i, j;
    if (n == 2 && !strcmp(f[0], "backward")) {
        if (!parse_index(f[1], nvalues, &i)) return snprintf(error, sizeof error, "bad backward line"), 0;
        root = (long)i;
        return 1;
    }
    if (n < 3 || !parse_index(f[0], nvalues + 1, &i) || i != nvalues)
        return snprintf(error, sizeof error, "bad statement (expected id %zu)", nvalues), 0;
    int op = op_index(f[1]), arity = op < 0 ? 1 : (op <= 3 || op == 5 || op == 6) ? 2 : 1;
    if (strcmp(f[1], "leaf") && (op < 0 || !offered[op]))
        return snprintf(error, sizeof error, "unknown op \"%.40s\"", f[1]), 0;
    if (n - 2 != arity) return snprintf(error, sizeof error, "%s takes %d argument(s)", f[1], arity), 0;
    Value *v, *a = NULL, *b = NULL;
    double x;
    if (op < 0) {
        if (!parse_number(f[2], &x)) return 0;
        v = make(x, NULL, NULL, NULL);
    } else {
        if (!parse_index(f[2], nvalues, &i)) return snprintf(error, sizeof error, "operand is not an earlier value"), 0;
        a = values[i];
        if (op == 5) {
            if (!parse_number(f[3], &x)) return 0;
        } else if (arity == 2) {
            if (!parse_index(f[3], nvalues, &j)) return snprintf(error, sizeof error, "operand is not an earlier value"), 0;
            b = values[j];
        }
        switch (op) {
        case 0: v = add(a, b); break;
        case 1: v = sub(a, b); break;
        case 2: v = mul(a, b); break;
        case 3: v = divide(a, b); break;
        case 4: v = neg(a); break;
        case 5: v = power(a, x); break;
        case 6: v = powv(a, b); break;
        case 7: v = exp_(a); break;
        case 8: v = log_(a); break;
        case 9: v = tanh_(a); break;
        case 10: v = relu(a); break;
        default: v = sigmoid(a); break;
        }
    }
    if (nvalues == values_cap) {
        values_cap = values_cap ? 2 * values_cap : 64;
        values = realloc(values, values_cap * sizeof *values);
        if (!values) { fputs("toy adapter: out of memory\n", stderr); exit(3); }
    }
    values[nvalues++] = v;
    return 1;
}

static void reset(void) {
    for (size_t i = 0; i < nvalues; i++) free(values[i]);
    nvalues = 0; npool = 0; root = -1; error[0] = 0;
}

/* reads one line without its newline into a growing buffer; 0 at end of input */
static int read_line(char **buf, size_t *size) {
    ssize_t n = getline(buf, size, stdin);
    if (n < 0) return 0;
    while (n > 0 && ((*buf)[n - 1] == '\n' || (*buf)[n - 1] == '\r')) (*buf)[--n] = 0;
    return 1;
}

int main(void) {
    if (getenv("GRADVIZ_TOY_BUG")) bug = getenv("GRADVIZ_TOY_BUG");
    char wanted[1024] = " ";
    const char *ops_env = getenv("GRADVIZ_TOY_OPS");
    if (*bug) {
        char padded[128];
        snprintf(padded, sizeof padded, " %s ", bug);
        if (!strstr(bugs, padded)) { fprintf(stderr, "toy adapter: unknown GRADVIZ_TOY_BUG \"%s\" (known:%s)\n", bug, bugs); return 2; }
    }
    if (ops_env) snprintf(wanted, sizeof wanted, " %s ", ops_env);
    for (char *c = wanted; *c; c++) if (*c == ',' || *c == '\t') *c = ' ';
    int any = strspn(wanted, " ") != strlen(wanted);
    char *line = NULL, padded[32];
    size_t size = 0;
    if (!read_line(&line, &size) || strcmp(line, "gradviz-engine 1")) {
        puts("error expected the handshake `gradviz-engine 1`");
        return 1;
    }
    fputs("ready", stdout);
    for (int i = 0; i < 12; i++) {
        snprintf(padded, sizeof padded, " %s ", all_ops[i]);
        if ((offered[i] = !any || strstr(wanted, padded) != NULL)) printf(" %s", all_ops[i]);
    }
    puts("");
    fflush(stdout);
    char a[32], b[32];
    while (read_line(&line, &size) && strcmp(line, "quit")) {
        size_t id;
        if (strspn(line, " \t") == strlen(line)) continue;
        if (strncmp(line, "program ", 8) || !parse_index(line + 8, (size_t)-1, &id)) {
            printf("error expected `program N`, got \"%.60s\"\n", line);
            fflush(stdout);
            continue;
        }
        reset();
        int ok = 1;
        for (;;) {
            if (!read_line(&line, &size) || !strcmp(line, "quit")) return 0;
            if (!strcmp(line, "end")) break;
            if (ok) ok = statement(line);
        }
        if (ok && root < 0) ok = 0, snprintf(error, sizeof error, "program has no backward line");
        if (!ok) {
            printf("error %s\n", error[0] ? error : "malformed statement");
        } else {
            backward(values[root]);
            for (size_t i = 0; i < nvalues; i++) {
                format(a, values[i]->data);
                format(b, values[i]->grad);
                printf("%zu %s %s\n", i, a, b);
            }
            puts("end");
        }
        fflush(stdout);
    }
    return 0;
}
