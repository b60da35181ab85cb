/* attrib.c: finds statements and attributes them.
 *
 * Direct quotes first: for each outermost quotation, the attribution after
 * it ("…," she said / "…," said Smith) or before it (Smith told Newsweek:
 * "…"), else a continuation of the previous statement (split quotes, a
 * second quote after "she said.", a quote-only paragraph). Then reported
 * speech in sentences whose cue no quote used: "according to X", "X said
 * (that) …", "…, X said", "…, said X", "writing that …". Last, channels
 * inherited from context, groups numbered in document order, figures. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tagger.h"

#if defined(__SSE2__) && defined(__x86_64__) && !defined(WS_NO_SIMD)
#include <emmintrin.h>
#define WS__SSE2_CANDS 1
/* collect_cands loads a token's first 16 bytes as four 32-bit lanes. */
_Static_assert(sizeof(ws__token) == 32 && offsetof(ws__token, start) == 0 &&
                   offsetof(ws__token, end) == 4 && offsetof(ws__token, lex) == 12,
               "ws__token layout: start, end, type and flags, lex in 16 bytes of 32");
#endif

enum { MAX_CUE_GAP = 14, MAX_COMPLEMENT = 12, MAX_SUBJECT = 48 };

/* The lexicon classes of subject pronouns ("he", "she", "they"). */
#define PRONOUN_SUBJECTS \
  (WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE | WS__LEX_PRONOUNS_PLURAL)

/* One statement being built. */
typedef struct draft {
  ws_kind kind;
  uint32_t start, end;    /* Content bytes. */
  int32_t attr;           /* Index of its attribution, or -1. */
  bool inherited;         /* Speaker inherited without a mention of its own. */
  double conf;
} draft;

/* One attribution: a cue with its speaker; shared by a group's pieces. */
typedef struct attribution {
  ws__np np;
  bool has_np;
  uint32_t cue_first, cue_last;
  bool has_cue;
  ws_str channel, date, addressee;
  uint32_t group; /* Filled when numbering. */
} attribution;

typedef struct ctx {
  const ws_engine *engine;
  ws__doc *doc;
  ws__arena *arena;
  ws__people people;
  ws__vec drafts;  /* draft */
  ws__vec attrs;   /* attribution */
  uint8_t *used;   /* Per token: 1 when a cue already served a statement. */
  int32_t *quote_draft; /* Per quote: its draft, or -1. */
  uint8_t *phrase_cue;  /* Per token: cue_word_of's answer, 0 not yet asked, 1 no, 2 yes. */
  uint32_t *cands;      /* Tokens that may be a cue or "according", in order. */
  size_t ncands;
  uint32_t cand_s;      /* first_cand's last question and answer (0 and 0 are */
  size_t cand_k;        /* right: no candidate comes before token 0). */
  struct subject_memo {  /* subject_before_cue's latest answers (see there). */
    uint32_t cue, floor;
    size_t nattrs;       /* c->attrs.len and */
    uint32_t edits;      /* c->people.edits when it was found. */
    bool valid, found, wrote; /* wrote: *np was written (np holds it). */
    ws__np np;
  } subjects[2];
  unsigned next_subject;
} ctx;

static void source_span(ctx *c, uint32_t f, uint32_t e, ws__np *np);
static bool ed_word(const ctx *c, uint32_t i);

/* ---- Token helpers ------------------------------------------------------- */

static const ws__token *tk(const ctx *c, uint32_t i) {
  return &c->doc->tok[i];
}

static bool outside(const ws__token *t) {
  return t->quote < 0 && !(t->flags & (WS__TF_QOPEN | WS__TF_QCLOSE));
}

/* Compares a token with a lower-case ASCII literal, ignoring case. */
#define is_word(c, i, w) ws__tok_is((c)->doc, (i), (w), sizeof(w) - 1)

static bool is_punct(const ctx *c, uint32_t i, char ch) {
  return ws__tok_punct(c->doc, i, ch);
}

/* True for a dash token: -, --, – or — (see is_dash). */
static bool is_dash_of(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  const char *s = c->doc->text + t->start;
  size_t n = t->end - t->start;
  return t->type == WS__TOK_PUNCT &&
         ((n == 1 && s[0] == '-') || (n == 2 && s[0] == '-' && s[1] == '-') || /* "--" */
          (n == 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
           (unsigned char)s[2] >= 0x93 && (unsigned char)s[2] <= 0x95)); /* – — ― */
}

/* True for a dash token: -, --, – or —. Most tokens asked are words, and
 * their type says so without a call. */
static inline bool is_dash(const ctx *c, uint32_t i) {
  return tk(c, i)->type == WS__TOK_PUNCT && is_dash_of(c, i);
}

static bool is_terminal(const ctx *c, uint32_t i) {
  return is_punct(c, i, '.') || is_punct(c, i, '!') || is_punct(c, i, '?');
}

/* A cue word: a speech verb outside quotations. */
static uint32_t phrase_at(const ctx *c, uint32_t i, uint32_t limit, uint32_t classes,
                          const ws__lex_entry **out);

/* The number of tokens of the cue at i: 2 for "points out", else 1. */
static uint32_t cue_span(const ctx *c, uint32_t i) {
  const ws__lex_entry *e;
  uint32_t n = (tk(c, i)->lex & WS__LEX_PHRASE_HEAD)
                   ? phrase_at(c, i, c->doc->ntok, WS__LEX_SPEECH_VERBS, &e)
                   : 0;
  return n > 1 ? n : 1;
}

static bool compound_noun(const ctx *c, uint32_t i);

static bool plural_noun_use(const ctx *c, uint32_t i);
static bool possessive_word(const ctx *c, uint32_t i);

/* True when the speech verb at i (i > 0) is used as a noun: "TV shows",
 * "police reports", "of Republican claims", "Mr. King's show". */
static bool speech_noun(const ctx *c, uint32_t i) {
  if (c->doc->text[tk(c, i)->end - 1] == 's')
    return compound_noun(c, i) || plural_noun_use(c, i);
  if ((tk(c, i - 1)->lex & WS__LEX_DETERMINERS) && i + 1 < c->doc->ntok &&
      (tk(c, i + 1)->lex & WS__LEX_SPEECH_VERBS) && outside(tk(c, i - 1)))
    return true; /* "the note says", "One tweet said": the subject, not a cue. */
  const ws__token *v = tk(c, i);
  if (v->end - v->start > 4 && c->doc->text[v->end - 2] == 'e' && c->doc->text[v->end - 1] == 'd' &&
      possessive_word(c, i - 1) && (tk(c, i - 1)->flags & WS__TF_CAP) && i + 1 < c->doc->ntok &&
      tk(c, i + 1)->type == WS__TOK_WORD && !(tk(c, i + 1)->lex & WS__LEX_FUNCTION_WORDS))
    return true; /* "Rubio’s proposed child care credit": an adjective, not "Rubio has proposed". */
  if (!is_word(c, i, "show"))
    return false;
  if (possessive_word(c, i - 1) || (tk(c, i - 1)->lex & WS__LEX_DETERMINERS))
    return true;
  uint32_t n = i + 1 + (i + 1 < c->doc->ntok && is_punct(c, i + 1, ','));
  if (n >= c->doc->ntok || !(tk(c, n)->flags & WS__TF_QOPEN))
    return false; /* Below, only before a title: "… reality TV show “The Apprentice”". */
  for (uint32_t k = i - 1, m = 0; k > 0 && m < 3; k--, m++) {
    const ws__token *t = tk(c, k);
    if (t->type != WS__TOK_WORD || !outside(t) || c->doc->text[t->end - 1] == 's' ||
        (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | PRONOUN_SUBJECTS)))
      return false; /* "The polls show “…”", "they show" */
    if (possessive_word(c, k - 1) || ((tk(c, k - 1)->lex & WS__LEX_DETERMINERS) && outside(tk(c, k - 1))))
      return true; /* "Trump's reality television show, “The Apprentice”" */
  }
  return false;
}

/* cue_word_of's rule, from the tokens alone (so its answer is kept). */
static bool cue_word_rule(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  if (t->type != WS__TOK_WORD || !outside(t) || (t->flags & WS__TF_ALLCAPS))
    return false;
  if ((t->lex & WS__LEX_SPEECH_VERBS) && i > 0 && speech_noun(c, i))
    return false; /* "TV shows", "police reports", "of Republican claims": a noun, not a verb. */
  if (!(t->lex & WS__LEX_SPEECH_VERBS)) {
    /* A phrase of the lexicon: "points out", "went on to say". Its first
     * word is a lower-case verb, never a function word: most phrase heads
     * ("the", "in") are left before the lookups. */
    if (!(t->lex & WS__LEX_PHRASE_HEAD) || (t->flags & WS__TF_CAP) ||
        (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_DETERMINERS | WS__LEX_NUMBER_WORDS)) ||
        i + 1 >= c->doc->ntok ||
        !((tk(c, i + 1)->lex & WS__LEX_FUNCTION_WORDS) || is_word(c, i + 1, "clear")))
      return false; /* The second word of every speech phrase is one of these
                     * (tools/gen_lexicon.py checks the word list). */
    const ws__lex_entry *e;
    if (phrase_at(c, i, c->doc->ntok, WS__LEX_SPEECH_VERBS, &e) < 2)
      return false;
  }
  /* A capitalised verb inside a sentence is a cue only in the headline
   * (the first paragraph), after a name: "Ted Cruz Says Heckler Deserves a
   * Spanking". Elsewhere it belongs to a title ("Christie Calls Clinton"
   * as a quoted headline), not to speech. */
  return !(t->flags & WS__TF_CAP) || (t->flags & WS__TF_SENT_START) ||
         (t->para == 0 && i > 0 && (tk(c, i - 1)->flags & WS__TF_CAP) &&
          tk(c, i - 1)->type == WS__TOK_WORD && outside(tk(c, i - 1)));
}

/* cue_word_rule for token i, worked out once a token: callers ask again
 * and again. */
static bool cue_word_of(const ctx *c, uint32_t i) {
  if (!c->phrase_cue[i])
    c->phrase_cue[i] = cue_word_rule(c, i) ? 2 : 1;
  return c->phrase_cue[i] == 2;
}

/* True when token i is a cue: a speech verb or the head of a speech phrase
 * (see cue_word_of). Most words are neither, and their classes say so
 * without a call: a phrase head must also be a lower-case word that is no
 * function word, determiner or number word. */
static inline bool cue_word(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  if (!(t->lex & WS__LEX_SPEECH_VERBS) &&
      (!(t->lex & WS__LEX_PHRASE_HEAD) || (t->flags & WS__TF_CAP) ||
       (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_DETERMINERS | WS__LEX_NUMBER_WORDS))))
    return false;
  return c->phrase_cue[i] ? c->phrase_cue[i] == 2 : cue_word_of(c, i);
}

/* Words that may stand between a subject and its cue: "has also said". */
static bool aux_or_adverb(const ctx *c, uint32_t i) {
  return (tk(c, i)->lex & WS__LEX_AUX_ADVERBS) != 0;
}

/* A word of a fixed list with its length, so that a lookup compares the
 * length and the first letter before any bytes: these lists are tried for
 * many tokens. */
typedef struct listed_word {
  const char *s;
  uint16_t key; /* The length, and the first letter in the high byte: one compare. */
} listed_word;

#define LW(x) {x, (uint16_t)((sizeof(x) - 1) | (unsigned)(unsigned char)(x)[0] << 8)}

/* True when token i is a word of list (lower-case ASCII, any case in the
 * text). */
static bool word_in(const ctx *c, uint32_t i, const listed_word *list, size_t count) {
  const ws__token *t = tk(c, i);
  size_t n = t->end - t->start;
  if (t->type != WS__TOK_WORD || n > 24)
    return false;
  uint16_t key = (uint16_t)(n | (unsigned)(unsigned char)(c->doc->text[t->start] | 0x20) << 8);
  for (size_t k = 0; k < count; k++)
    if (list[k].key == key && ws__tok_is(c->doc, i, list[k].s, n))
      return true;
  return false;
}

/* True for a word that makes the next word in -s a plural noun: the,
 * these, those, such, their, his, her, its, our, my, your, many, some,
 * several, of, false, similar, earlier, previous, recent, baseless,
 * unfounded (only those of the token's length are compared). */
static bool plural_determiner(const ctx *c, uint32_t i) {
  switch (tk(c, i)->end - tk(c, i)->start) {
  case 2:
    return is_word(c, i, "my") || is_word(c, i, "of");
  case 3:
    return is_word(c, i, "the") || is_word(c, i, "his") || is_word(c, i, "her") ||
           is_word(c, i, "its") || is_word(c, i, "our");
  case 4:
    return is_word(c, i, "such") || is_word(c, i, "your") || is_word(c, i, "many") ||
           is_word(c, i, "some");
  case 5:
    return is_word(c, i, "these") || is_word(c, i, "those") || is_word(c, i, "their") ||
           is_word(c, i, "false");
  case 6:
    return is_word(c, i, "recent");
  case 7:
    return is_word(c, i, "several") || is_word(c, i, "similar") || is_word(c, i, "earlier");
  case 8:
    return is_word(c, i, "previous") || is_word(c, i, "baseless");
  case 9:
    return is_word(c, i, "unfounded");
  default:
    return false;
  }
}

/* True for a word that makes a compound noun of the next: tv, talk, game,
 * news, television, radio, reality, cooking, media, press, police, court,
 * lab, earnings, weather, traffic, credit, autopsy (only those of the
 * token's length are compared). */
static bool compound_modifier(const ctx *c, uint32_t i) {
  switch (tk(c, i)->end - tk(c, i)->start) {
  case 2:
    return is_word(c, i, "tv");
  case 3:
    return is_word(c, i, "lab");
  case 4:
    return is_word(c, i, "talk") || is_word(c, i, "game") || is_word(c, i, "news");
  case 5:
    return is_word(c, i, "radio") || is_word(c, i, "media") || is_word(c, i, "press") ||
           is_word(c, i, "court");
  case 6:
    return is_word(c, i, "police") || is_word(c, i, "credit");
  case 7:
    return is_word(c, i, "reality") || is_word(c, i, "cooking") || is_word(c, i, "weather") ||
           is_word(c, i, "traffic") || is_word(c, i, "autopsy");
  case 8:
    return is_word(c, i, "earnings");
  case 10:
    return is_word(c, i, "television");
  default:
    return false;
  }
}

/* True when the word in -s at i follows a determiner, a quantifier or "of"
 * and a party adjective, so is a plural noun: "these claims", "his
 * remarks", "32% of Republican claims". */
static bool plural_noun_use(const ctx *c, uint32_t i) {
  if (plural_determiner(c, i - 1))
    return true;
  return i >= 2 && is_word(c, i - 2, "of") &&
         (is_word(c, i - 1, "republican") || is_word(c, i - 1, "democratic") ||
          is_word(c, i - 1, "gop") || is_word(c, i - 1, "partisan"));
}


/* True when the word before token i makes it the head of a compound noun:
 * "TV shows", "talk shows", "police reports", "news reports". */
static bool compound_noun(const ctx *c, uint32_t i) {
  const ws__token *p = tk(c, i - 1);
  return p->type == WS__TOK_WORD && outside(p) && compound_modifier(c, i - 1) &&
         !(is_word(c, i - 1, "news") && (p->flags & WS__TF_CAP)) &&
         !((p->flags & WS__TF_CAP) && !(p->flags & WS__TF_SENT_START) && i >= 2 &&
           (tk(c, i - 2)->flags & WS__TF_CAP) && tk(c, i - 2)->type == WS__TOK_WORD);
  /* The last: a name of two words ends there: "The Associated Press reports". */
}

static uint32_t sent_first(const ctx *c, uint32_t i) {
  return c->doc->sent_first[tk(c, i)->sent];
}

/* Returns one past the last token of token i's sentence. */
static uint32_t sent_end(const ctx *c, uint32_t i) {
  return c->doc->sent_first[tk(c, i)->sent + 1];
}

static ws_str span_str(const ctx *c, uint32_t f, uint32_t l) {
  ws_str s = {c->doc->text + tk(c, f)->start, tk(c, l)->end - tk(c, f)->start};
  return s;
}

static ws_str lit(const char *s) {
  ws_str r = {s, strlen(s)};
  return r;
}

/* ---- Attributions -------------------------------------------------------- */

static attribution *attr_at(ctx *c, int32_t a) {
  return &WS__VEC_AT(&c->attrs, attribution, a);
}

/* "the worker said" after "a former assembly worker said": an unnamed
 * speaker named again by its head noun keeps the first description. */
static void earlier_description(ctx *c, ws__np *np) {
  if (np->entity >= 0 || !np->has_role || np->pronoun || !is_word(c, np->first, "the"))
    return;
  const ws__token *h = tk(c, np->role_last);
  for (size_t k = c->attrs.len - 1; k-- > 0;) {
    const attribution *b = attr_at(c, (int32_t)k);
    if (!b->has_np || b->np.entity >= 0 || !b->np.has_role || b->np.pronoun)
      continue;
    const ws__token *g = tk(c, b->np.role_last);
    if (g->end - g->start == h->end - h->start &&
        memcmp(c->doc->text + g->start, c->doc->text + h->start, h->end - h->start) == 0) {
      np->role_first = b->np.role_first, np->role_last = b->np.role_last;
      return;
    }
  }
}

/* Appends an attribution; returns its index or -1 when out of memory. */
static void scan_venue(ctx *c, attribution *a, uint32_t from, uint32_t to);
static uint32_t statement_noun_at(const ctx *c, uint32_t i, uint32_t limit, ws_str *channel);

/* "Responding to Lowell at a council meeting on Wednesday, Pike said",
 * "In a TikTok video, Dunn said": a phrase opening the sentence before the
 * speaker at np_first, up to its comma, gives channel, date and addressee. */
static void lead_phrase(ctx *c, attribution *a, uint32_t np_first) {
  uint32_t f = sent_first(c, np_first);
  if (np_first < f + 3)
    return;
  if (!is_punct(c, np_first - 1, ',')) {
    ws_str ch = {0}; /* "In a radio interview Mayor Brekke said": no comma needed. */
    if (statement_noun_at(c, f, np_first, &ch) == np_first - f)
      scan_venue(c, a, f, np_first);
    return;
  }
  for (uint32_t i = f; i + 1 < np_first; i++)
    if (!outside(tk(c, i)) || is_punct(c, i, ','))
      return; /* One phrase only, with no quotation in it. */
  scan_venue(c, a, f, np_first - 1);
}

/* True when np ends in a noun owned by a name, not in np's own name: the
 * role of "Brennan's lawyer" is the lawyer's, not Brennan's, so Brennan must
 * not keep it ("Trump's campaign manager Paul Manafort" ends in the name). */
static bool role_of_someone_owned(const ctx *c, const ws__np *np) {
  return ws__mention_entity_at(&c->people, np->last) != np->entity &&
         ws__owned_by_name(&c->people, np->first, np->last);
}

static int32_t new_attr(ctx *c, const ws__np *np, uint32_t cue_first, uint32_t cue_last) {
  attribution *a = WS__VEC_PUSH(&c->attrs, attribution);
  if (!a)
    return -1;
  if (np) {
    a->np = *np;
    a->has_np = true;
    earlier_description(c, &a->np);
    if (np->entity >= 0 && np->has_role) {
      ws__entity *x = &WS__VEC_AT(&c->people.entities, ws__entity, np->entity);
      if (!x->has_role && x->type != WS__ENT_ORG && !role_of_someone_owned(c, np))
        x->has_role = true, x->role_first = np->role_first, x->role_last = np->role_last,
        c->people.edits++;
    }
  }
  if (cue_first == cue_last)
    cue_last = cue_first + cue_span(c, cue_first) - 1; /* The whole phrase: "points out". */
  if (c->engine->opts.flags & WS_FLAG_ALL_ATTRIBUTIONS) {
    static const listed_word aux[] = {LW("has"), LW("have"), LW("had"), LW("will"), LW("would"),
                                      LW("could"), LW("did"), LW("does"), LW("do"), LW("is"),
                                      LW("was"), LW("were"), LW("are"), LW("also"), LW("not"),
                                      LW("never"), LW("should"), LW("may"), LW("might"), LW("can"),
                                      LW("must"), LW("repeatedly"), LW("later"), LW("previously"),
                                      LW("often"), LW("recently"), LW("already"), LW("once")};
    while (cue_first > 0 && word_in(c, cue_first - 1, aux, sizeof aux / sizeof aux[0]) &&
           outside(tk(c, cue_first - 1)) && !c->used[cue_first - 1] &&
           !(np && np->last == cue_first - 1))
      cue_first--; /* PolNeAR's cue keeps its auxiliaries: "has argued". */
  }
  a->cue_first = cue_first, a->cue_last = cue_last;
  a->has_cue = true;
  if (np && !np->pronoun && np->last >= np->first && np->first < cue_first)
    lead_phrase(c, a, np->first);
  for (uint32_t i = cue_first; i <= cue_last; i++)
    c->used[i] = 1;
  if (np && np->entity >= 0)
    ws__people_note_speaker(&c->people, np->entity, cue_last);
  return (int32_t)(c->attrs.len - 1);
}

static int32_t add_draft(ctx *c, ws_kind kind, uint32_t start, uint32_t end, int32_t attr,
                         double conf) {
  draft *d = WS__VEC_PUSH(&c->drafts, draft);
  if (!d)
    return -2;
  d->kind = kind, d->start = start, d->end = end, d->attr = attr, d->conf = conf;
  return (int32_t)(c->drafts.len - 1);
}

/* ---- Channels, dates, addressees ----------------------------------------- */

/* Looks up the longest lexicon phrase of up to 4 tokens at i with one of the
 * classes; returns its token count (0 if none) and the entry. */
static uint32_t phrase_at(const ctx *c, uint32_t i, uint32_t limit, uint32_t classes,
                          const ws__lex_entry **out) {
  if (tk(c, i)->type != WS__TOK_WORD)
    return 0;
  uint32_t longest = (tk(c, i)->lex & WS__LEX_PHRASE_HEAD) ? 4 : 1;
  if (longest == 1 && !(tk(c, i)->lex & classes))
    return 0;
  for (uint32_t n = longest; n >= 1; n--) {
    if (i + n > limit)
      continue;
    const ws__token *a = tk(c, i), *b = tk(c, i + n - 1);
    const ws__lex_entry *e = ws__lex_find(c->doc->text + a->start, b->end - a->start);
    if (e && (e->classes & classes)) {
      *out = e;
      return n;
    }
  }
  return 0;
}

/* The channel name for a lexicon entry: its lemma, else the words. */
static ws_str entry_name(const ctx *c, const ws__lex_entry *e, uint32_t i, uint32_t n) {
  if (e->lemma && e->lemma < ws__lex_lemma_count)
    return lit(ws__lex_lemmas[e->lemma]);
  return span_str(c, i, i + n - 1);
}

/* Parses a date at i: "June 11", "Jan. 5", "Thursday". Returns tokens used. */
static bool day_part(const ctx *c, uint32_t i);

static uint32_t date_at_of(const ctx *c, uint32_t i, uint32_t limit, ws_str *date) {
  if (i >= limit || !outside(tk(c, i)))
    return 0;
  if (tk(c, i)->lex & WS__LEX_WEEKDAYS && (tk(c, i)->flags & WS__TF_CAP)) {
    *date = span_str(c, i, i);
    return 1 + (i + 1 < limit && day_part(c, i + 1)); /* "Wednesday night" */
  }
  if (!(tk(c, i)->lex & WS__LEX_MONTHS) || !(tk(c, i)->flags & WS__TF_CAP))
    return 0;
  uint32_t j = i + 1;
  if (j < limit && is_punct(c, j, '.'))
    j++;
  if (j < limit && tk(c, j)->type == WS__TOK_NUMBER && tk(c, j)->end - tk(c, j)->start <= 2) {
    *date = span_str(c, i, j);
    return j - i + 1;
  }
  return 0;
}

/* date_at_of for a weekday or a month at i; any other word is no date, and
 * its classes say so without a call. */
static inline uint32_t date_at(const ctx *c, uint32_t i, uint32_t limit, ws_str *date) {
  return i < limit && (tk(c, i)->lex & (WS__LEX_WEEKDAYS | WS__LEX_MONTHS))
             ? date_at_of(c, i, limit, date)
             : 0;
}

/* The audience, outlet or platform named at i (after "told", "to", "on").
 * Returns tokens used. */
/* True for a capitalised word that continues an outlet's name ("Radio",
 * "Harfield"): not a day, a month, a platform or the start of a sentence. */
static bool outlet_word(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  return t->type == WS__TOK_WORD && (t->flags & WS__TF_CAP) && outside(t) &&
         !(t->flags & (WS__TF_SENT_START | WS__TF_NEWLINE_BEFORE)) &&
         !(t->lex & (WS__LEX_WEEKDAYS | WS__LEX_MONTHS | WS__LEX_PLATFORMS | WS__LEX_FUNCTION_WORDS |
                     WS__LEX_SPEECH_VERBS));
}

static uint32_t venue_at(const ctx *c, uint32_t i, uint32_t limit, ws_str *channel) {
  const ws__lex_entry *e;
  uint32_t j = i;
  if (j < limit && (is_word(c, j, "her") || is_word(c, j, "his") || is_word(c, j, "their") ||
                    is_word(c, j, "its") || is_word(c, j, "the")))
    j++;
  uint32_t n = phrase_at(c, j, limit, WS__LEX_PLATFORMS | WS__LEX_OUTLETS | WS__LEX_AUDIENCES, &e);
  if (n == 0 && j != i)
    n = phrase_at(c, i, limit, WS__LEX_OUTLETS | WS__LEX_AUDIENCES, &e), j = i;
  if (n == 0)
    return 0;
  const ws__lex_entry *longer;
  if ((e->classes & WS__LEX_AUDIENCES) &&
      phrase_at(c, j + n - 1, limit, WS__LEX_STATEMENT_NOUNS, &longer) > 1)
    return 0; /* "on a conference call": a statement noun, not the audience "a conference". */
  uint32_t more = 0;
  if (e->classes & WS__LEX_OUTLETS)
    while (j + n + more < limit && more < 4 && outlet_word(c, j + n + more))
      more++; /* "BBC Radio Harfield", "CNN International" */
  if (e->classes & WS__LEX_AUDIENCES)
    *channel = span_str(c, j, j + n - 1);
  else if (more > 0)
    *channel = span_str(c, j, j + n + more - 1);
  else
    *channel = entry_name(c, e, j, n);
  j += n + more;
  /* "Instagram Stories", "Instagram account". */
  while (j < limit && (is_word(c, j, "stories") || is_word(c, j, "story") ||
                       is_word(c, j, "account") || is_word(c, j, "page") || is_word(c, j, "feed")))
    j++;
  return j - i;
}

/* "in a statement", "at a news conference", "in an interview with CNN". */
static uint32_t statement_noun_at_of(const ctx *c, uint32_t i, uint32_t limit, ws_str *channel) {
  if (i + 2 > limit || !(is_word(c, i, "in") || is_word(c, i, "at") || is_word(c, i, "during") ||
                         is_word(c, i, "on")))
    return 0;
  uint32_t d = i + 1;
  if (!(is_word(c, d, "a") || is_word(c, d, "an") || is_word(c, d, "the") || is_word(c, d, "her") ||
        is_word(c, d, "his") || is_word(c, d, "their") || is_word(c, d, "its")))
    return 0;
  uint32_t j = d + 1, k = j;
  const ws__lex_entry *e;
  uint32_t n = 0;
  while (k < limit && k - j <= 3 && tk(c, k)->type == WS__TOK_WORD && outside(tk(c, k)) &&
         !(n = phrase_at(c, k, limit, WS__LEX_STATEMENT_NOUNS, &e)))
    k++; /* "at a campaign stop": a phrase, or a noun after adjectives. */
  if (n == 0 || (is_word(c, i, "on") && n == 1 && is_word(c, k, "note")))
    return 0; /* Not "on a warm note": a manner, no channel. */
  uint32_t end = k + n;
  for (uint32_t w = j; w < k; w++) {
    const ws__lex_entry *pe;
    uint32_t pn = phrase_at(c, w, k, WS__LEX_PLATFORMS, &pe);
    if (pn != 0) {
      *channel = entry_name(c, pe, w, pn); /* "in a TikTok video" */
      return end - i;
    }
  }
  if (end + 1 < limit && is_word(c, end, "to")) {
    uint32_t v = end + 1;
    if (v + 1 < limit && (is_word(c, v, "all") || is_word(c, v, "its") || is_word(c, v, "his") ||
                          is_word(c, v, "her") || is_word(c, v, "their")))
      v++;
    if (outside(tk(c, v)) && (tk(c, v)->lex & (WS__LEX_AUDIENCES | WS__LEX_GROUP_NOUNS)))
      end = v + 1; /* "a memo to staff", "a letter to shareholders" */
  } else if (end + 1 < limit && (is_word(c, end, "with") || is_word(c, end, "on"))) {
    uint32_t v = end + 1, m = v;
    if (is_word(c, v, "the") && v + 1 < limit && (tk(c, v + 1)->flags & WS__TF_CAP))
      m = ++v; /* "an interview with the Los Angeles Times" */
    while (m < limit && m - v < 5 && (tk(c, m)->flags & WS__TF_CAP) && outside(tk(c, m)) &&
           !(tk(c, m)->lex & (WS__LEX_WEEKDAYS | WS__LEX_MONTHS)))
      m++;
    if (m == v && m < limit && (tk(c, m)->lex & (WS__LEX_AUDIENCES | WS__LEX_GROUP_NOUNS)))
      m++; /* "a call with investors" */
    if (m > v)
      end = m;
  }
  *channel = span_str(c, d, end - 1);
  return end - i;
}

/* statement_noun_at_of after the cheap test, inline: the phrase opens with
 * in, at, on (either case) or a word of six bytes that starts with d
 * (during). */
static inline uint32_t statement_noun_at(const ctx *c, uint32_t i, uint32_t limit, ws_str *channel) {
  const ws__token *t = tk(c, i);
  uint32_t wl = t->end - t->start;
  const unsigned char *w = (const unsigned char *)c->doc->text + t->start;
  if (wl == 2) {
    unsigned key = (w[0] | 0x20u) | (w[1] | 0x20u) << 8;
    if (key != ('i' | 'n' << 8) && key != ('a' | 't' << 8) && key != ('o' | 'n' << 8))
      return 0;
  } else if (wl != 6 || (w[0] | 0x20) != 'd') {
    return 0;
  }
  return statement_noun_at_of(c, i, limit, channel);
}

/* The addressee after "responding to"/"replying to"/"in response to". */
static uint32_t response_at(ctx *c, uint32_t i, uint32_t limit, ws_str *addressee) {
  uint32_t j;
  if ((is_word(c, i, "responding") || is_word(c, i, "replying")) && is_word(c, i + 1, "to"))
    j = i + 2;
  else if (is_word(c, i, "in") && is_word(c, i + 1, "response") && is_word(c, i + 2, "to"))
    j = i + 3;
  else
    return 0;
  if (j >= limit)
    return 0;
  if (tk(c, j)->flags & WS__TF_HANDLE) {
    *addressee = span_str(c, j, j);
    return j - i + 1;
  }
  int32_t e = ws__mention_entity_at(&c->people, j);
  if (e < 0)
    return 0;
  *addressee = ws__entity_name(&c->people, e);
  return j - i + 1;
}

/* Scans tokens [from, to) of an attribution clause for its channel, date
 * and addressee. The cue is at cue (its word decides "tweeted"). */
static void scan_venue(ctx *c, attribution *a, uint32_t from, uint32_t to) {
  if (to > from + 2 * MAX_COMPLEMENT)
    to = from + 2 * MAX_COMPLEMENT; /* An attribution clause is short. */
  for (uint32_t i = from; i < to; i++) {
    if (!outside(tk(c, i)))
      break;
    uint32_t n = 0;
    ws_str tmp = {0};
    if (!a->channel.ptr && (is_word(c, i, "on") || is_word(c, i, "to") || is_word(c, i, "via")) &&
        (n = venue_at(c, i + 1, to, &tmp)) != 0) {
      a->channel = tmp;
      i += n;
      continue;
    }
    if (!a->channel.ptr && (tk(c, i)->lex & (WS__LEX_ADDRESSEE_VERBS)) &&
        (n = venue_at(c, i + 1, to, &tmp)) != 0) {
      a->channel = tmp;
      i += n;
      continue;
    }
    if (!a->channel.ptr && (n = statement_noun_at(c, i, to, &tmp)) != 0) {
      a->channel = tmp;
      i += n - 1;
      continue;
    }
    if (!a->date.ptr && (n = date_at(c, i, to, &tmp)) != 0) {
      a->date = tmp;
      i += n - 1;
      continue;
    }
    if (!a->addressee.ptr && (n = response_at(c, i, to, &tmp)) != 0) {
      a->addressee = tmp;
      i += n - 1;
    }
  }
  if (!a->channel.ptr && a->has_cue && tk(c, a->cue_first)->end - tk(c, a->cue_first)->start >= 5 &&
      (is_word(c, a->cue_first, "tweeted") || is_word(c, a->cue_first, "tweeting") ||
       is_word(c, a->cue_first, "tweets") || is_word(c, a->cue_first, "tweet")))
    a->channel = lit("Twitter");
}

/* "told Newsweek": a capitalised name after an addressee verb is the
 * outlet or listener; used when the lexicon does not know it. */
static bool looks_like_term(const ctx *c, const ws__quote *q);
static bool possessive_word(const ctx *c, uint32_t i);
static const ws__quote *quote_at(const ctx *c, int32_t q);
static uint32_t mark_close(const ctx *c, const ws__quote *q);

static void told_name(ctx *c, attribution *a, uint32_t to) {
  if (a->channel.ptr || !a->has_cue || !(tk(c, a->cue_first)->lex & WS__LEX_ADDRESSEE_VERBS))
    return;
  uint32_t i = a->cue_last + 1, j;
  if (i + 1 < to && is_word(c, i, "the") && (tk(c, i + 1)->flags & WS__TF_CAP))
    i += !(tk(c, i)->flags & WS__TF_CAP); /* "told The Herald" keeps "The". */
  j = i + ((tk(c, i)->flags & WS__TF_CAP) && is_word(c, i, "the"));
  while (j < to && j - i < 6 &&
         (((tk(c, j)->flags & WS__TF_CAP) && tk(c, j)->type == WS__TOK_WORD && outside(tk(c, j)) &&
           !(tk(c, j)->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_WEEKDAYS | WS__LEX_MONTHS))) ||
          (j > i && j + 1 < to && (is_word(c, j, "and") || is_punct(c, j, '&')) &&
           (tk(c, j + 1)->flags & WS__TF_CAP) && !(tk(c, j + 1)->lex & WS__LEX_WEEKDAYS))))
    j++; /* Not the day: "told The Island Courier Tuesday morning"; "The Post and Courier". */
  if (j > i && j + 1 < to && possessive_word(c, j - 1) && (tk(c, j)->flags & WS__TF_QOPEN) &&
      tk(c, j + 1)->quote >= 0 && quote_at(c, tk(c, j + 1)->quote)->closed &&
      looks_like_term(c, quote_at(c, tk(c, j + 1)->quote)))
    a->channel = span_str(c, i, mark_close(c, quote_at(c, tk(c, j + 1)->quote))); /* "ABC’s “Good Morning America”" */
  else if (j > i) {
    a->channel = span_str(c, i, j - 1);
    a->channel.len -= ws__possessive_len(c->doc, j - 1); /* "The Washington Post's editorial board" */
  } else if (i + 1 < to && tk(c, i)->type == WS__TOK_WORD && outside(tk(c, i)) &&
           !(tk(c, i)->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_PRONOUNS_MALE |
                              WS__LEX_PRONOUNS_FEMALE | WS__LEX_PRONOUNS_PLURAL)) &&
           (is_punct(c, i + 1, ':') || is_word(c, i + 1, "that")))
    a->channel = span_str(c, i, i); /* "told councillors:" */
}

/* ---- Direct quotes ------------------------------------------------------- */

static const ws__quote *quote_at(const ctx *c, int32_t q) {
  return &c->doc->quotes[q];
}

/* The first token of a quotation's opening mark: for '' that is the first
 * of its two tokens. */
static uint32_t mark_open(const ctx *c, const ws__quote *q) {
  uint32_t o = (uint32_t)q->open;
  return o > 0 && (tk(c, o - 1)->flags & WS__TF_QOPEN) && tk(c, o - 1)->end == tk(c, o)->start
             ? o - 1
             : o;
}

/* The last token of a quotation's closing mark (which must exist). */
static uint32_t mark_close(const ctx *c, const ws__quote *q) {
  uint32_t k = (uint32_t)q->close;
  return k + 1 < c->doc->ntok && (tk(c, k + 1)->flags & WS__TF_QCLOSE) &&
                 tk(c, k + 1)->start == tk(c, k)->end
             ? k + 1
             : k;
}

/* Steps back over a short parenthetical that ends right before token e:
 * a party tag or an abbreviation after a name ("Paul Ryan (R-Wis.) said",
 * "the Department of Homeland Security (DHS) said"). Returns the new end. */
static uint32_t skip_parenthetical(const ctx *c, uint32_t e, uint32_t floor) {
  if (e <= floor + 2 || !is_punct(c, e - 1, ')'))
    return e;
  for (uint32_t j = e - 1; j > floor && e - j < 24;) {
    j--; /* "Chris Murphy (a Connecticut Democrat so boyish he has been mistaken …) says" */
    if (!outside(tk(c, j)) || is_punct(c, j, ')') || (is_terminal(c, j) && !is_punct(c, j, '.')))
      return e;
    if (is_punct(c, j, '('))
      return j > floor ? j : e;
  }
  return e;
}

/* True when token i is a speaker-side "said"-like cue and the speaker phrase
 * around it can be parsed. Fills np. */
static bool frame_word(const ctx *c, uint32_t i);
static bool sentence_subject(ctx *c, uint32_t s, uint32_t cue, ws__np *np);
static bool quantifier(const ctx *c, uint32_t i);

/* Steps back over a short time frame right before token e: "Trump on
 * Monday said", "who in 2010 said". Returns the new end. */
static uint32_t skip_time_frame(const ctx *c, uint32_t e, uint32_t floor) {
  if (e <= floor + 1)
    return e;
  const ws__token *last = tk(c, e - 1);
  if (last->type != WS__TOK_NUMBER && !(last->lex & (WS__LEX_WEEKDAYS | WS__LEX_MONTHS)) &&
      !is_word(c, e - 1, "week") && !is_word(c, e - 1, "year") && !is_word(c, e - 1, "month"))
    return e; /* No time word before the cue: most cues. */
  for (uint32_t k = e; k > floor && e - k < 4;) {
    k--;
    const ws__token *t = tk(c, k);
    if (!outside(t) || (t->type != WS__TOK_WORD && t->type != WS__TOK_NUMBER))
      return e;
    if (k < e - 1 && frame_word(c, k) && !(t->flags & WS__TF_CAP) && k > floor &&
        (tk(c, e - 1)->type == WS__TOK_NUMBER || (tk(c, e - 1)->lex & WS__LEX_WEEKDAYS) ||
         (tk(c, e - 1)->lex & WS__LEX_MONTHS) || is_word(c, e - 1, "week") ||
         is_word(c, e - 1, "year") || is_word(c, e - 1, "month")))
      return k;
  }
  return e;
}

/* Fills np for an unnamed source over tokens [f, l]: no entity, the words
 * are the role ("security specialists", "About 4 in 10"). */
static void unnamed_np(ws__np *np, uint32_t f, uint32_t l) {
  memset(np, 0, sizeof *np);
  np->first = f, np->last = l;
  np->entity = -1;
  np->has_role = true;
  np->role_first = f, np->role_last = l;
}

static bool nominal_subject(ctx *c, uint32_t i, uint32_t e, ws__np *np);

/* An unnamed source the lexicon does not list, opening its sentence or
 * clause right before the cue: "The man said …", "One user wrote: …". The
 * phrase ends at token head; see nominal_subject(). */
static bool singular_subject(ctx *c, uint32_t head, uint32_t floor, ws__np *np) {
  for (uint32_t f = head; f + 4 > head && f >= floor; f--) {
    if (tk(c, f)->lex & WS__LEX_DETERMINERS) {
      if (f > floor && !is_punct(c, f - 1, ',') && !is_word(c, f - 1, "and") &&
          !is_word(c, f - 1, "but"))
        return false;
      return nominal_subject(c, f, head + 1, np);
    }
    if (f == 0)
      break;
  }
  return false;
}

static bool plural_subject(const ctx *c, uint32_t cue, uint32_t head, uint32_t floor, ws__np *np);

/* A speaker phrase with a relative clause and no commas, ending at token
 * last: "a White House official who spoke anonymously to discuss internal
 * strategy said", "Voters who backed Sanders said"; the mention keeps the
 * clause. Returns 1 and sets *np; -1 when there is such a clause but its
 * head is no speaker phrase (then no name inside the clause is one); 0
 * when there is none. */
static int relative_subject(ctx *c, uint32_t last, uint32_t floor, ws__np *np) {
  for (uint32_t k = last; k > floor && last - k < 14; k--) {
    const ws__token *t = tk(c, k);
    if (!outside(t) || t->type == WS__TOK_PUNCT)
      return 0;
    if (is_word(c, k, "who") && k < last && !(tk(c, k + 1)->flags & WS__TF_CAP) &&
        !(tk(c, k + 1)->lex & (WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE |
                               WS__LEX_PRONOUNS_PLURAL | WS__LEX_DETERMINERS))) {
      /* Not "that" ("argued that the panel said"), nor "who he speculates
       * are …", where the clause has a subject of its own. */
      if (!((ws__np_before(&c->people, k - 1, floor, np) && !np->pronoun) ||
            plural_subject(c, last + 1, k - 1, floor, np)))
        return -1; /* A relative clause whose head is not understood. */
      np->last = last;
      return 1;
    }
  }
  return 0;
}

/* An unnamed plural source the lexicon does not list, before a cue that
 * agrees with it: "security specialists say", "many economists said". The
 * phrase runs back over a few lower-case or capitalised words to an
 * optional determiner; it is the role, with no entity. */
static bool plural_subject(const ctx *c, uint32_t cue, uint32_t head, uint32_t floor, ws__np *np) {
  const ws__token *h = tk(c, head), *v = tk(c, cue);
  const char *x = c->doc->text;
  size_t n = h->end - h->start;
  if (h->type != WS__TOK_WORD || !outside(h) || (h->flags & WS__TF_CAP) || n < 4 ||
      x[h->end - 1] != 's' || x[h->end - 2] == 's' || x[h->end - 2] == 'u' ||
      (h->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_AUX_ADVERBS | WS__LEX_SPEECH_VERBS |
                 WS__LEX_BELIEF_VERBS | PRONOUN_SUBJECTS)))
    return false; /* "specialists", not "business", "various", "says". */
  if (x[v->end - 1] == 's' && !(x[v->end - 2] == 'e' && x[v->end - 1] == 'd'))
    return false; /* "specialists says" does not agree. */
  uint32_t f = head;
  while (f > floor && head - f < 3) {
    const ws__token *t = tk(c, f - 1);
    if (t->type != WS__TOK_WORD || !outside(t) ||
        (t->lex & (WS__LEX_SPEECH_VERBS | WS__LEX_AUX_ADVERBS | WS__LEX_BELIEF_VERBS |
                   PRONOUN_SUBJECTS)))
      break;
    if ((is_word(c, f - 1, "and") || is_word(c, f - 1, "or")) && f - 1 > floor && f < head + 1 &&
        f != head && tk(c, f - 2)->type == WS__TOK_WORD && outside(tk(c, f - 2)) &&
        !(tk(c, f - 2)->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_DETERMINERS | WS__LEX_SPEECH_VERBS |
                               WS__LEX_AUX_ADVERBS | WS__LEX_BELIEF_VERBS | PRONOUN_SUBJECTS)) &&
        !(tk(c, f - 2)->flags & WS__TF_CAP)) {
      f -= 2; /* "current and former officials" */
      continue;
    }
    if (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_DETERMINERS)) {
      if (t->lex & WS__LEX_DETERMINERS)
        f--; /* "the", "many", "two" open the phrase. */
      break;
    }
    f--;
  }
  unnamed_np(np, f, head);
  return true;
}

static bool subject_before_cue_np(ctx *c, uint32_t cue, uint32_t floor, ws__np *np);

/* True for a number written in words: "ten", "Twenty-four". */
static bool number_word(const ctx *c, uint32_t i) {
  static const char *const tens[] = {"twenty", "thirty", "forty", "fifty",
                                     "sixty",  "seventy", "eighty", "ninety"};
  const ws__token *t = tk(c, i);
  if (t->type != WS__TOK_WORD)
    return false;
  if (t->lex & WS__LEX_NUMBER_WORDS)
    return true;
  const char *x = c->doc->text + t->start;
  size_t n = t->end - t->start;
  for (size_t k = 0; k < sizeof tens / sizeof tens[0]; k++) {
    size_t m = strlen(tens[k]), j = 0;
    while (n > m + 1 && j < m && (x[j] | 0x20) == tens[k][j])
      j++;
    if (j == m && x[m] == '-')
      return true; /* "Twenty-four" */
  }
  return false;
}

/* A share of the people polled as the subject, ending at token l: "About 4
 * in 10 say", "A mere 9 percent say", "Some 47% said", "Nearly half said".
 * Fills np with the share as an unnamed source and returns true. */
static bool share_subject(const ctx *c, uint32_t l, uint32_t floor, ws__np *np) {
  static const listed_word lead[] = {LW("about"),  LW("nearly"), LW("almost"), LW("only"),
                                     LW("just"),   LW("some"),   LW("roughly"), LW("around"),
                                     LW("mere"),   LW("a"),      LW("than"),   LW("more"),
                                     LW("fewer"),  LW("less"),   LW("over"),   LW("under")};
  uint32_t f;
  if (is_word(c, l, "half")) {
    f = l;
  } else if ((is_word(c, l, "percent") || is_punct(c, l, '%')) && l > floor &&
             (tk(c, l - 1)->type == WS__TOK_NUMBER || number_word(c, l - 1))) {
    f = l - 1; /* "9 percent", "47%", "Twenty-four percent" */
  } else if (l >= floor + 2 && tk(c, l)->type == WS__TOK_NUMBER && is_word(c, l - 1, "in") &&
             (tk(c, l - 2)->type == WS__TOK_NUMBER || (tk(c, l - 2)->lex & WS__LEX_NUMBER_WORDS))) {
    f = l - 2; /* "4 in 10", "Four in 10" */
  } else {
    return false;
  }
  while (f > floor && l - f < 6 && word_in(c, f - 1, lead, sizeof lead / sizeof lead[0]))
    f--;
  if (f > floor && !is_terminal(c, f - 1) && !is_punct(c, f - 1, ',') &&
      !(tk(c, f - 1)->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_AUX_ADVERBS)))
    return false; /* "voters gave him 9 percent said …" is no share of people. */
  unnamed_np(np, f, l);
  return true;
}

/* The speaker phrase before a cue (see subject_before_cue_np); a statement
 * noun there is the channel, not the speaker ("Trump issued a statement
 * saying that …"): the sentence's subject speaks. */
/* Extends an unnamed group back over a share of it: "16 percent of
 * Democratic registered voters said", "most of the senators said". */
static void share_of(const ctx *c, ws__np *np, uint32_t floor) {
  uint32_t k = np->first;
  while (k > floor && np->first - k < 3 && tk(c, k - 1)->type == WS__TOK_WORD &&
         outside(tk(c, k - 1)) && !is_word(c, k - 1, "of") &&
         !(tk(c, k - 1)->lex & (WS__LEX_SPEECH_VERBS | WS__LEX_AUX_ADVERBS)))
    k--;
  if (k < floor + 2 || !is_word(c, k - 1, "of"))
    return;
  uint32_t q = k - 2;
  if (is_word(c, q, "percent") || is_word(c, q, "%")) {
    static const listed_word numbers[] = {
        LW("one"),     LW("two"),      LW("three"),    LW("four"),     LW("five"),
        LW("six"),     LW("seven"),    LW("eight"),    LW("nine"),     LW("ten"),
        LW("eleven"),  LW("twelve"),   LW("thirteen"), LW("fourteen"), LW("fifteen"),
        LW("sixteen"), LW("seventeen"), LW("eighteen"), LW("nineteen"), LW("twenty"),
        LW("thirty"),  LW("forty"),    LW("fifty"),    LW("sixty"),    LW("seventy"),
        LW("eighty"),  LW("ninety")};
    if (q > floor && (tk(c, q - 1)->type == WS__TOK_NUMBER ||
                      word_in(c, q - 1, numbers, sizeof numbers / sizeof numbers[0])))
      q--;
    else
      return;
  } else if (!quantifier(c, q) && tk(c, q)->type != WS__TOK_NUMBER &&
             !(tk(c, q)->lex & WS__LEX_NUMBER_WORDS) && !is_word(c, q, "half")) {
    return;
  }
  np->first = q;
  if (np->has_role)
    np->role_first = q;
}

/* True when the cue at token cue is a passive participle after a form of
 * "be": "the council had been warned", "he was told". Its subject is the
 * listener, not the speaker. */
/* True when the past participle cue at token cue is followed by "by" and
 * its agent: "a biography written by two reporters", "a report released by
 * the board". Not "said by phone". */
static bool participle_with_agent(const ctx *c, uint32_t cue) {
  if (cue + 2 >= c->doc->ntok || !is_word(c, cue + 1, "by") || !outside(tk(c, cue + 1)))
    return false;
  const ws__token *t = tk(c, cue), *n = tk(c, cue + 2);
  size_t len = t->end - t->start;
  const char *w = c->doc->text + t->start;
  if (!((len > 3 && w[len - 2] == 'e' && w[len - 1] == 'd') || is_word(c, cue, "written") ||
        is_word(c, cue, "told") || is_word(c, cue, "said") || is_word(c, cue, "shown")))
    return false;
  return n->type == WS__TOK_WORD &&
         ((n->lex & WS__LEX_DETERMINERS) || (n->flags & WS__TF_CAP) || is_word(c, cue + 2, "his") ||
          is_word(c, cue + 2, "her") || is_word(c, cue + 2, "its") || is_word(c, cue + 2, "their"));
}

static bool passive_cue(const ctx *c, uint32_t cue, uint32_t floor) {
  if (cue <= floor)
    return false;
  if (participle_with_agent(c, cue))
    return true;
  uint32_t b = cue - 1;
  if (!(is_word(c, b, "been") || is_word(c, b, "being") || is_word(c, b, "was") ||
        is_word(c, b, "were") || is_word(c, b, "is") || is_word(c, b, "are") || is_word(c, b, "be")))
    return false;
  const ws__token *t = tk(c, cue);
  size_t n = t->end - t->start;
  const char *w = c->doc->text + t->start;
  return (n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd') || is_word(c, cue, "told") ||
         is_word(c, cue, "said") || is_word(c, cue, "written") || is_word(c, cue, "shown");
}

static bool participle(const ctx *c, uint32_t i);

/* The token before the comma at comma, or, when an apposition of a person
 * ends there ("Mitch McConnell, now the Senate majority leader, who …"),
 * the last token of the person's name before it. */
static uint32_t apposition_before(const ctx *c, uint32_t comma, uint32_t floor) {
  if (ws__mention_entity_at(&c->people, comma - 1) >= 0)
    return comma - 1;
  for (uint32_t k = comma - 1; k > floor + 1 && comma - k < 10; k--) {
    const ws__token *t = tk(c, k);
    if (!outside(t) || is_terminal(c, k) || (t->type != WS__TOK_WORD && !is_punct(c, k, ',')))
      return comma - 1;
    if (!is_punct(c, k, ','))
      continue;
    int32_t e = ws__mention_entity_at(&c->people, k - 1);
    const ws__token *a = tk(c, k + 1);
    bool opens = (a->lex & (WS__LEX_DETERMINERS | WS__LEX_TITLES)) || is_word(c, k + 1, "now") ||
                 is_word(c, k + 1, "then") || is_word(c, k + 1, "himself") ||
                 is_word(c, k + 1, "herself");
    return e >= 0 && opens && ws__entity_type(&c->people, e) == WS__ENT_PERSON ? k - 1 : comma - 1;
  }
  return comma - 1;
}

static bool subject_before_cue_of(ctx *c, uint32_t cue, uint32_t floor, ws__np *np) {
  if (!subject_before_cue_np(c, cue, floor, np))
    return false;
  if (np->last + 1 == cue && (tk(c, np->last)->lex & WS__LEX_DOCUMENT_NOUNS) &&
      (is_word(c, cue, "called") || is_word(c, cue, "titled") || is_word(c, cue, "dubbed") ||
       is_word(c, cue, "named")))
    return false; /* "a website called “…”" names the website. */
  if (np->entity < 0 && !np->pronoun)
    share_of(c, np, floor);
  if (np->entity < 0 && !np->pronoun && participle(c, cue) && np->last + 1 == cue &&
      (tk(c, np->last)->lex & WS__LEX_DOCUMENT_NOUNS) && np->first > floor) {
    ws__np who; /* "Trump released a new radio ad calling it “dangerous” …" */
    if (sentence_subject(c, floor, np->first, &who) && who.last < np->first) {
      *np = who;
      return true;
    }
  }
  if (np->entity >= 0 || np->pronoun || !(tk(c, np->last)->lex & WS__LEX_STATEMENT_NOUNS) ||
      np->first <= floor)
    return true;
  if (!participle(c, cue) && ((tk(c, np->last)->lex & WS__LEX_DOCUMENT_NOUNS) ||
                              is_punct(c, np->first - 1, ',')))
    return true; /* "…, the unsigned opinion said.": the document speaks. */
  ws__np who;
  if (!sentence_subject(c, floor, np->first, &who) || who.last >= np->first)
    return false;
  *np = who;
  return true;
}

/* subject_before_cue_of, remembered: clause_then_cue and cue_then_clause
 * ask about each cue of a sentence in turn, and outer_cue and
 * attribution_before about the cue before a quotation, with the same floor.
 * The answer depends on the tokens, the entity table and the last speaker
 * (people.edits counts their changes) and the attributions so far (which
 * only grow, but for adopt_spans, which forgets the answers); an answer is
 * kept only when finding it changed none of them, and given again while
 * none changes, so that the second question costs nothing and leaves all
 * as the first did. *np is written as the first call wrote it: the same
 * phrase, or nothing when it was left alone (told by a value no phrase
 * has: no token or entity is UINT32_MAX or INT32_MIN). */
static bool subject_before_cue(ctx *c, uint32_t cue, uint32_t floor, ws__np *np) {
  for (size_t k = 0; k < sizeof c->subjects / sizeof c->subjects[0]; k++) {
    const struct subject_memo *m = &c->subjects[k];
    if (m->valid && m->cue == cue && m->floor == floor && m->nattrs == c->attrs.len &&
        m->edits == c->people.edits) {
      if (m->wrote)
        *np = m->np;
      return m->found;
    }
  }
  uint32_t edits = c->people.edits;
  size_t nattrs = c->attrs.len;
  ws__np out = {.first = UINT32_MAX, .last = UINT32_MAX, .role_first = UINT32_MAX,
                .role_last = UINT32_MAX, .entity = INT32_MIN};
  bool found = subject_before_cue_of(c, cue, floor, &out);
  bool wrote = !(out.first == UINT32_MAX && out.last == UINT32_MAX &&
                 out.role_first == UINT32_MAX && out.role_last == UINT32_MAX &&
                 !out.has_role && !out.pronoun && out.entity == INT32_MIN);
  if (wrote)
    *np = out;
  if (c->people.edits == edits && c->attrs.len == nattrs) {
    struct subject_memo *m = &c->subjects[c->next_subject++ % (sizeof c->subjects / sizeof c->subjects[0])];
    m->cue = cue, m->floor = floor, m->nattrs = nattrs, m->edits = edits;
    m->valid = true, m->found = found, m->wrote = wrote, m->np = out;
  }
  return found;
}

/* Steps back over a set phrase of time or stance right before token e:
 * "Trump at the time said", "Clinton for her part said". Returns the new
 * end. */
static uint32_t skip_set_phrase_of(const ctx *c, uint32_t e, uint32_t floor) {
  static const char *const phrases[][3] = {
      {"at", "the", "time"}, {"at", "one", "point"}, {"in", "the", "past"},
      {"for", "his", "part"}, {"for", "her", "part"}, {"for", "their", "part"},
      {"for", "its", "part"}, {"in", "a", "statement"}, {"at", "that", "time"}};
  if (e < floor + 3 || !(is_word(c, e - 3, "at") || is_word(c, e - 3, "in") ||
                         is_word(c, e - 3, "for")))
    return e; /* Every phrase opens with one of these: most cues stop here. */
  for (size_t k = 0; k < sizeof phrases / sizeof phrases[0]; k++) {
    bool match = true;
    for (uint32_t j = 0; j < 3 && match; j++) {
      const ws__token *t = tk(c, e - 3 + j);
      size_t n = strlen(phrases[k][j]);
      match = t->type == WS__TOK_WORD && outside(t) &&
              ws__tok_is(c->doc, e - 3 + j, phrases[k][j], n);
    }
    if (match)
      return e - 3;
  }
  return e;
}

/* skip_set_phrase_of when the word three before e can open a phrase ("at",
 * "in", "for": two or three bytes), tested inline: most cues stop here. */
static inline uint32_t skip_set_phrase(const ctx *c, uint32_t e, uint32_t floor) {
  if (e < floor + 3)
    return e;
  uint32_t n = tk(c, e - 3)->end - tk(c, e - 3)->start;
  return n == 2 || n == 3 ? skip_set_phrase_of(c, e, floor) : e;
}

/* True for a lower-case participle ending in "ed" or "ing": "asked",
 * "speaking". */
static bool participle_word(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  const char *x = c->doc->text;
  size_t n = t->end - t->start;
  if (t->type != WS__TOK_WORD || (t->flags & WS__TF_CAP) || !outside(t) || n < 4)
    return false;
  return (x[t->end - 2] == 'e' && x[t->end - 1] == 'd') ||
         (n > 4 && x[t->end - 3] == 'i' && x[t->end - 2] == 'n' && x[t->end - 1] == 'g');
}

/* Steps back over an aside that opens with a participle between a name and
 * its cue, ending at the comma at e - 1: "Mr. Trump, asked about the deaths
 * of journalists, had said", "Ms. Ortiz, when pressed, said". Returns the
 * position of the aside's opening comma, or e. */
static uint32_t skip_participle_aside(const ctx *c, uint32_t e, uint32_t floor) {
  if (e < floor + 4 || !is_punct(c, e - 1, ','))
    return e;
  for (uint32_t j = e - 1; j > floor + 1 && e - j < 16;) {
    j--;
    const ws__token *t = tk(c, j);
    if (is_punct(c, j, ',')) {
      uint32_t w = j + 1 + (is_word(c, j + 1, "when") || is_word(c, j + 1, "while"));
      if (w + 1 < e && (participle_word(c, w) || skip_set_phrase(c, e - 1, j + 1) == j + 1 ||
                        ((is_word(c, w, "however") || is_word(c, w, "meanwhile") ||
                          is_word(c, w, "too")) && w + 2 == e)) &&
          (ws__mention_entity_at(&c->people, j - 1) >= 0 ||
           (tk(c, j - 1)->lex & (WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE |
                                 WS__LEX_PRONOUNS_PLURAL))))
        return j;
      return e;
    }
    if (!outside(t) || (t->type != WS__TOK_WORD && t->type != WS__TOK_NUMBER &&
                        !is_punct(c, j, '.')) ||
        is_terminal(c, j))
      return e;
  }
  return e;
}

/* Widens a speaker phrase that names a person's state or town to the
 * person: "Stacy Baker of Columbia, South Carolina says" is Baker's, not
 * South Carolina's, and "Gov. Earl Ray Tomblin of West Virginia lauded"
 * Tomblin's. */
static void person_of_place(ctx *c, uint32_t floor, ws__np *np) {
  uint32_t f = np->first;
  if (np->pronoun || f < floor + 2)
    return;
  uint32_t j;
  if (is_word(c, f - 1, "of") || is_word(c, f - 1, "from")) {
    j = f; /* "Gov. Earl Ray Tomblin of West Virginia lauded" */
  } else {
    if (f < floor + 4 || !is_punct(c, f - 1, ','))
      return;
    j = f - 1;
    while (j > floor + 1 && f - 1 - j < 3 && (tk(c, j - 1)->flags & WS__TF_CAP) &&
           tk(c, j - 1)->type == WS__TOK_WORD && outside(tk(c, j - 1)))
      j--;
    if (j == f - 1 || !(is_word(c, j - 1, "of") || is_word(c, j - 1, "from")))
      return;
  }
  if (j < floor + 2)
    return;
  int32_t who = ws__mention_entity_at(&c->people, j - 2);
  if (who < 0 || ws__entity_type(&c->people, who) != WS__ENT_PERSON)
    return;
  ws__np person;
  if (!ws__np_before(&c->people, j - 2, floor, &person) || person.entity != who)
    return;
  person.last = np->last;
  *np = person;
}

/* Widens a person's name to a pair of people joined by "and" ("Chuck
 * Grassley and Patrick Leahy say", "Mr. Grassley and Mr. Leahy say"): both
 * speak, so the speaker is the pair as an unnamed group, not the second
 * name alone. */
static void name_pair(ctx *c, uint32_t floor, ws__np *np) {
  uint32_t f = np->first;
  if (np->pronoun || np->entity < 0 || ws__entity_type(&c->people, np->entity) != WS__ENT_PERSON)
    return;
  for (uint32_t k = f + 1; k < np->last; k++) {
    int32_t o = ws__mention_entity_at(&c->people, k - 1);
    if (is_word(c, k, "and") && o >= 0 && o != np->entity &&
        ws__entity_type(&c->people, o) == WS__ENT_PERSON) {
      np->entity = -1; /* "Mr. Grassley and Mr. Leahy say", read as one phrase. */
      np->has_role = true;
      np->role_first = f, np->role_last = np->last;
      return;
    }
  }
  if (f < floor + 2 || !is_word(c, f - 1, "and"))
    return;
  int32_t other = ws__mention_entity_at(&c->people, f - 2);
  if (other < 0 || other == np->entity || ws__entity_type(&c->people, other) != WS__ENT_PERSON)
    return;
  ws__np first;
  if (!ws__np_before(&c->people, f - 2, floor, &first) || first.entity != other ||
      (first.first > floor && is_punct(c, first.first - 1, ',')))
    return; /* Not the last of a list: "A, B and C said". */
  np->first = first.first;
  np->entity = -1;
  np->has_role = true;
  np->role_first = first.first, np->role_last = np->last;
}

/* Steps back over an aside set between dashes right before token e:
 * "Gingrich — mentioned by Newsmax as the leading choice — told". Returns
 * the position of the opening dash, or e. */
static uint32_t skip_dash_aside(const ctx *c, uint32_t e, uint32_t floor) {
  if (e < floor + 4 || !is_dash(c, e - 1))
    return e;
  uint32_t d = e - 1; /* The closing dash; "--" may be two tokens. */
  if (d > floor + 1 && is_dash(c, d - 1) && tk(c, d - 1)->end == tk(c, d)->start)
    d--;
  for (uint32_t j = d; j > floor + 1 && e - j < 30;) {
    j--;
    if (is_dash(c, j)) {
      if (j > floor && is_dash(c, j - 1) && tk(c, j - 1)->end == tk(c, j)->start)
        j--;
      return j + 2 < d ? j : e;
    }
    if (!outside(tk(c, j)) || is_terminal(c, j))
      return e;
  }
  return e;
}

/* True for a lower-case word that may head an unnamed speaker: a title
 * ("chairman", "secretary"), a group noun ("officials") or a plural
 * ("supporters", "proponents"). */
static bool speaker_head(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  if (t->type != WS__TOK_WORD || !outside(t) ||
      (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_AUX_ADVERBS)))
    return false;
  if (t->lex & (WS__LEX_TITLES | WS__LEX_GROUP_NOUNS))
    return true;
  size_t n = t->end - t->start;
  const char *x = c->doc->text + t->start;
  return n > 4 && x[n - 1] == 's' && x[n - 2] != 's' && x[n - 2] != 'u' && x[n - 2] != 'i';
}

/* An unnamed speaker of the form "HEAD of (or for) [the] NOUNS" ending before the
 * cue at e: "The chairman of the committee said", "Supporters of the bill
 * say", "The former secretary of state said". The object is lower case
 * (a named one, "the chairman of Exxon", is the organisation's). The
 * phrase is the role, with no entity. */
static bool of_phrase_subject(ctx *c, uint32_t e, uint32_t floor, ws__np *np) {
  uint32_t j = e - 1;
  const ws__token *last = tk(c, j);
  if (last->type != WS__TOK_WORD || !outside(last) || (last->flags & WS__TF_CAP) ||
      (last->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_AUX_ADVERBS | WS__LEX_SPEECH_VERBS)))
    return false;
  uint32_t of = j;
  while (of > floor && j - of < 4 && !is_word(c, of, "of") && !is_word(c, of, "for")) {
    const ws__token *t = tk(c, of);
    if (t->type != WS__TOK_WORD || !outside(t) || (t->flags & WS__TF_CAP) ||
        ((t->lex & WS__LEX_FUNCTION_WORDS) && !(t->lex & WS__LEX_DETERMINERS)))
      return false;
    of--;
  }
  if (!(is_word(c, of, "of") || is_word(c, of, "for")) || of <= floor || !speaker_head(c, of - 1))
    return false; /* "a lawyer for the family" too. */
  uint32_t f = of - 1; /* Back over adjectives to a determiner or the clause's start. */
  while (f > floor && of - 1 - f < 3) {
    const ws__token *t = tk(c, f - 1);
    if (t->type != WS__TOK_WORD || !outside(t) || (t->lex & (WS__LEX_SPEECH_VERBS | WS__LEX_AUX_ADVERBS)))
      break;
    if (t->lex & WS__LEX_DETERMINERS) {
      f--;
      break;
    }
    if ((t->lex & WS__LEX_FUNCTION_WORDS) || ws__mention_entity_at(&c->people, f - 1) >= 0)
      break;
    f--;
  }
  if (!(f == floor || is_punct(c, f - 1, ',') || (tk(c, f)->flags & WS__TF_SENT_START) ||
        (tk(c, f)->lex & WS__LEX_DETERMINERS)))
    return false; /* The phrase opens its clause. */
  unnamed_np(np, f, j);
  return true;
}

static bool possessive_determiner(const ctx *c, uint32_t i, uint32_t e);

/* A speaker, then a short prepositional phrase, before the cue at e:
 * "Trump in his announcement speech called …" (the phrase is no part of a
 * named speaker's mention), "Officials in the department said" (it is
 * part of an unnamed one's). The word before the preposition must be a
 * name or a speaker noun. */
static bool coordinator(const ctx *c, uint32_t i);

/* True for a preposition that opens pp_subject's phrase: in, at, during,
 * from, inside. All are function words: the class, on the token, rules out
 * most words, and the length all but one or two of the rest. */
static bool pp_preposition(const ctx *c, uint32_t p) {
  const ws__token *t = tk(c, p);
  if (!(t->lex & WS__LEX_FUNCTION_WORDS))
    return false;
  switch (t->end - t->start) {
  case 2:
    return is_word(c, p, "in") || is_word(c, p, "at");
  case 4:
    return is_word(c, p, "from");
  case 6:
    return is_word(c, p, "during") || is_word(c, p, "inside");
  default:
    return false;
  }
}

static bool pp_subject(ctx *c, uint32_t e, uint32_t floor, ws__np *np) {
  uint32_t p = e;
  while (p > floor + 1 && e - p < 6) {
    p--;
    const ws__token *t = tk(c, p);
    if (t->type != WS__TOK_WORD || !outside(t) || cue_word(c, p) ||
        (t->lex & (WS__LEX_AUX_ADVERBS | WS__LEX_SPEECH_VERBS)) ||
        ((t->lex & PRONOUN_SUBJECTS) && !possessive_determiner(c, p, e)) ||
        is_word(c, p, "which") || is_word(c, p, "who") || is_word(c, p, "that") ||
        is_word(c, p, "whom") || (p + 1 == e && coordinator(c, p)))
      return false; /* Not "a speech in Salt Lake City in which he pledged": a clause;
                     * nor "took the stage at the Grand Hotel in Baltimore and called". */
    if (pp_preposition(c, p) && !(t->flags & WS__TF_CAP))
      break;
  }
  if (!pp_preposition(c, p) || p + 2 > e || p <= floor)
    return false;
  uint32_t h = p - 1;
  bool named = ws__mention_entity_at(&c->people, h) >= 0 && !possessive_word(c, h);
  if (!named && !speaker_head(c, h))
    return false;
  if (!ws__np_before(&c->people, h, floor, np) || np->pronoun)
    return false;
  if (np->entity < 0) {
    np->last = e - 1; /* "Officials in the department" */
    np->has_role = true, np->role_first = np->first, np->role_last = e - 1;
  }
  return true;
}

static bool subject_before_cue_np(ctx *c, uint32_t cue, uint32_t floor, ws__np *np) {
  if (passive_cue(c, cue, floor))
    return false;
  uint32_t e = cue;
  while (e > floor && aux_or_adverb(c, e - 1))
    e--;
  if (e > floor && share_subject(c, e - 1, floor, np))
    return true; /* Before the time frames: "4 in 10 say" is no "in 2010". */
  e = skip_time_frame(c, e, floor);
  e = skip_set_phrase(c, e, floor);
  if (e >= floor + 4 && is_punct(c, e - 1, ',') && aux_or_adverb(c, e - 2) && is_punct(c, e - 3, ','))
    e -= 3; /* "Proponents of the bill, however, say" */
  while (e > floor && aux_or_adverb(c, e - 1))
    e--;
  e = skip_participle_aside(c, e, floor);
  e = skip_dash_aside(c, e, floor);
  uint32_t full = e;
  e = skip_parenthetical(c, e, floor);
  static const listed_word counts[] = {LW("number"), LW("share"), LW("percentage"), LW("proportion"),
                                       LW("percent"), LW("majority"), LW("fraction"), LW("minority")};
  if (e >= floor + 2 && is_word(c, e - 1, "who") && tk(c, e - 2)->type == WS__TOK_WORD &&
      outside(tk(c, e - 2)) && !(tk(c, e - 2)->lex & (WS__LEX_FUNCTION_WORDS | PRONOUN_SUBJECTS)) &&
      !word_in(c, e - 2, counts, sizeof counts / sizeof counts[0])) { /* Not "the number who said …" */
    /* "an architect who said he was stiffed": the noun phrase speaks, "who"
     * points to it here. Not an organisation ("a staffer at the State
     * Department who told …" means the staffer). */
    for (uint32_t k = cue + 1; k < c->doc->ntok && k <= cue + 12; k++) {
      if (!outside(tk(c, k)) || is_terminal(c, k) || is_punct(c, k, ','))
        break;
      if (cue_word(c, k) && !participle(c, k))
        return false; /* "A port official who spoke on the condition of anonymity said": a description. */
    }
    if (!ws__np_before(&c->people, e - 2, floor, np) || np->pronoun ||
        (np->entity >= 0 && ws__entity_type(&c->people, np->entity) == WS__ENT_ORG))
      return false;
    np->first = np->last = e - 1;
    return true;
  }
  if (e >= floor + 3 && is_word(c, e - 1, "who") && is_punct(c, e - 2, ',')) {
    /* "McConnell, who in 2010 said": the name before the comma. */
    uint32_t name_end = apposition_before(c, e - 2, floor);
    int32_t ent = ws__mention_entity_at(&c->people, name_end);
    if (ent < 0) {
      /* "…,” said one Democrat familiar with the talks, who added that …":
       * the speaker phrase of the attribution that ends there. */
      for (size_t k = c->attrs.len; k > 0 && k + 4 > c->attrs.len; k--) {
        const attribution *a = &WS__VEC_AT(&c->attrs, attribution, k - 1);
        if (a->has_np && !a->np.pronoun && a->has_cue && a->cue_last < a->np.first &&
            a->np.last <= e - 3 && a->np.last + 8 >= e - 3 &&
            tk(c, a->np.last)->sent == tk(c, e - 1)->sent) {
          *np = a->np;
          np->first = np->last = e - 1;
          return true;
        }
      }
      return false;
    }
    uint32_t f = name_end;
    while (f > floor && ws__mention_entity_at(&c->people, f - 1) == ent)
      f--;
    if (!ws__np_before(&c->people, name_end, f, np))
      return false;
    np->first = np->last = e - 1; /* The word that points to the speaker here: "who". */
    return true;
  }
  if (e == floor)
    return false;
  if (of_phrase_subject(c, e, floor, np))
    return true; /* "The chairman of the committee said", "Supporters of the bill say" */
  if (pp_subject(c, e, floor, np))
    return true; /* "Trump in his announcement speech called", "Officials in the department said" */
  if (e >= floor + 2 && is_word(c, e - 2, "those") && ed_word(c, e - 1)) {
    unnamed_np(np, e - 2, e - 1); /* "those surveyed said", "those polled say" */
    return true;
  }
  int rel = relative_subject(c, e - 1, floor, np);
  if (rel != 0)
    return rel > 0; /* Not "Sanders" in "Voters who backed Sanders said". */
  if (!ws__np_before(&c->people, e - 1, floor, np))
    return plural_subject(c, cue, e - 1, floor, np) || singular_subject(c, e - 1, floor, np);
  if (np->first >= floor + 3 && is_word(c, np->first - 1, "by") && ed_word(c, np->first - 2)) {
    /* "A Feb. 1 letter from the American Legion obtained by The Associated
     * Press warns": the agent of the participle is no subject; the phrase
     * before it is. */
    uint32_t b = np->first - 2;
    if (!ws__np_before(&c->people, b - 1, floor, np))
      return false;
  }
  person_of_place(c, floor, np);
  name_pair(c, floor, np);
  ws__np wide;
  if (np->entity < 0 && !np->pronoun && np->first == np->last && np->last == e - 1 &&
      plural_subject(c, cue, e - 1, floor, &wide) && wide.first < np->first)
    *np = wide; /* "federal officials said": the adjectives belong to the group. */
  if (e < full && np->last == e - 1)
    np->last = full - 1; /* The mention keeps its tag: "Paul Ryan (R-Wis.)". */
  return true;
}

/* True for a token that may sit in a long speaker phrase: names, titles,
 * particles, numbers (ages), and the punctuation of appositions and party
 * tags ("Rep. Elijah E. Cummings (D-Md.)", "Quina Jones, 25,"). */
static bool subject_token(const ctx *c, uint32_t i, bool in_apposition) {
  const ws__token *t = tk(c, i);
  if (!outside(t))
    return false;
  if (t->type == WS__TOK_NUMBER)
    return true;
  if (t->type == WS__TOK_PUNCT) {
    char ch = c->doc->text[t->start];
    return ch == ',' || ch == '(' || ch == ')' || ch == '-' || ch == '.' || ch == '&';
  }
  if (t->type != WS__TOK_WORD)
    return false;
  if (t->lex & WS__LEX_SPEECH_VERBS)
    return in_apposition && t->end - t->start > 4 && c->doc->text[t->end - 1] == 'g' &&
           c->doc->text[t->end - 2] == 'n' && c->doc->text[t->end - 3] == 'i';
  /* "Fiorina, speaking to Iowans, said": a participle inside the apposition. */
  if ((t->flags & WS__TF_CAP) || in_apposition)
    return true;
  return (t->lex & (WS__LEX_TITLES | WS__LEX_ORG_WORDS | WS__LEX_CONNECTORS |
                    WS__LEX_DETERMINERS | WS__LEX_GROUP_NOUNS)) != 0;
}

/* True for a lower-case word ending in "ing": "claiming". */
static bool ing_word(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  const char *x = c->doc->text;
  return t->type == WS__TOK_WORD && !(t->flags & WS__TF_CAP) && t->end - t->start > 4 &&
         x[t->end - 3] == 'i' && x[t->end - 2] == 'n' && x[t->end - 1] == 'g';
}

/* Accepts the tokens [i, e) as the speaker phrase of a cue at e when they
 * start with a name, a pronoun or a determiner and hold nothing but a speaker
 * phrase: "Mr. Morgan of the Sierra Club said", "Victor Cha, who served as
 * Asia director …, said". The speaker is the first entity named. */
static bool loose_subject(ctx *c, uint32_t i, uint32_t e, ws__np *np) {
  while (e > i && aux_or_adverb(c, e - 1))
    e--;
  while (e > i && is_punct(c, e - 1, ','))
    e--;
  if (e <= i || e - i > MAX_SUBJECT)
    return false;
  /* Lower-case role words before a name: "head librarian Joan Pike". */
  uint32_t lead = i;
  while (lead < e && lead - i < 3 && tk(c, lead)->type == WS__TOK_WORD && outside(tk(c, lead)) &&
         !(tk(c, lead)->flags & WS__TF_CAP) &&
         !(tk(c, lead)->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_AUX_ADVERBS |
                               WS__LEX_DETERMINERS | WS__LEX_PRONOUNS_MALE |
                               WS__LEX_PRONOUNS_FEMALE | WS__LEX_PRONOUNS_PLURAL)))
    lead++;
  if (lead >= e || (lead > i && is_punct(c, lead, ',')))
    return false; /* "On impeachment, Trump said": a topic, not a role. */
  bool owner = (is_word(c, i, "his") || is_word(c, i, "her") || is_word(c, i, "their")) &&
               i + 3 < e && tk(c, i + 1)->type == WS__TOK_WORD &&
               !(tk(c, i + 1)->flags & WS__TF_CAP) && is_punct(c, i + 2, ',') &&
               ws__mention_entity_at(&c->people, i + 3) >= 0;
  bool apposition = false;
  for (uint32_t k = owner ? i + 2 : lead; k < e; k++) {
    if (!subject_token(c, k, apposition))
      return false;
    apposition = apposition || is_punct(c, k, ',');
  }
  if ((tk(c, i)->lex & (WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE |
                        WS__LEX_PRONOUNS_PLURAL)) && !owner)
    return false; /* Pronouns are parsed by ws__np_before, but "his wife, NAME," is a role and a name. */
  int32_t ent = -1;
  uint32_t at = i;
  for (uint32_t k = owner ? i + 3 : i; k < e && ent < 0 && !(k > lead && is_punct(c, k, ',')); k++)
    ent = ws__mention_entity_at(&c->people, at = k); /* Not a name inside the apposition. */
  if (ent < 0 && !(tk(c, i)->lex & WS__LEX_DETERMINERS))
    return false;
  memset(np, 0, sizeof *np);
  np->first = i, np->last = e - 1;
  np->entity = ent;
  if (ent >= 0) {
    /* "Trump, in Kentucky, said": the setting is not part of the mention. */
    uint32_t m = at;
    while (m + 1 < e && ws__mention_entity_at(&c->people, m + 1) == ent)
      m++;
    uint32_t t = i; /* Titles before the name: "Mr. Trump, in a brief interview, said". */
    while (t < at && ((tk(c, t)->lex & (WS__LEX_TITLES | WS__LEX_HONORIFICS | WS__LEX_HONORIFICS_MALE |
                                          WS__LEX_HONORIFICS_FEMALE)) || is_punct(c, t, '.')))
      t++;
    if (m + 2 < e && is_punct(c, m + 1, ',') &&
        (frame_word(c, m + 2) || ing_word(c, m + 2) || is_word(c, m + 2, "meanwhile")) && t == at)
      np->last = m; /* Nor is "…, speaking to a group of students, said". */
    uint32_t rf, rl;
    if (lead == i && ws__apposition_role(&c->people, m, e, &rf, &rl)) {
      np->has_role = true; /* "Sen. Maria Lund (D-Ore.), chair of the committee, said" */
      np->role_first = rf, np->role_last = rl;
      return true;
    }
  }
  if (ent < 0 || lead > i || owner) {
    np->has_role = true;
    np->role_first = i, np->role_last = ent < 0 ? e - 1 : owner ? i + 1 : lead - 1;
  }
  return true;
}

/* True for a lower-case word outside quotation marks, longer than three
 * bytes, that ends in the two letters of suffix: "evenly", "elected". */
static bool lower_word_ending(const ctx *c, uint32_t i, const char suffix[2]) {
  const ws__token *t = tk(c, i);
  const char *x = c->doc->text;
  return t->type == WS__TOK_WORD && !(t->flags & WS__TF_CAP) && outside(t) &&
         t->end - t->start > 3 && x[t->end - 2] == suffix[0] && x[t->end - 1] == suffix[1];
}

/* True for a lower-case word ending in "ly": "evenly". */
static bool ly_word(const ctx *c, uint32_t i) {
  return lower_word_ending(c, i, "ly");
}

/* True for "night", "morning", "afternoon" or "evening". */
static bool day_part(const ctx *c, uint32_t i) {
  return is_word(c, i, "night") || is_word(c, i, "morning") || is_word(c, i, "afternoon") ||
         is_word(c, i, "evening");
}

/* The number of tokens of a time phrase at i: "last week", "this
 * morning", "earlier this month", "next year"; 0 when there is none. */
static uint32_t time_phrase(const ctx *c, uint32_t i, uint32_t to) {
  uint32_t j = i + is_word(c, i, "earlier") + is_word(c, i, "later");
  if (j + 1 >= to || !(is_word(c, j, "last") || is_word(c, j, "this") || is_word(c, j, "next")))
    return 0;
  if (is_word(c, j + 1, "week") || is_word(c, j + 1, "month") || is_word(c, j + 1, "year") ||
      is_word(c, j + 1, "weekend") || day_part(c, j + 1))
    return j + 2 - i;
  return 0;
}

/* The comma ending a short topic phrase "of NAME," at i before the
 * quotation at to ("said of Clinton, “If she gets the chance …”"), or
 * UINT32_MAX. */
static uint32_t topic_end(const ctx *c, uint32_t i, uint32_t to) {
  for (uint32_t k = i + 1; k < to && k - i <= 5; k++) {
    if (is_punct(c, k, ','))
      return k + 1 == to && k > i + 1 ? k : UINT32_MAX;
    if (tk(c, k)->type != WS__TOK_WORD || !outside(tk(c, k)))
      return UINT32_MAX;
  }
  return UINT32_MAX;
}

static bool object_pronoun(const ctx *c, uint32_t i);

/* The number of tokens of a listener phrase at i that ends right before
 * "that" ("a veterans group that", "the crowd that"), or 0. */
static uint32_t listener_before_that(const ctx *c, uint32_t i, uint32_t to) {
  if (!(tk(c, i)->lex & WS__LEX_DETERMINERS) && !is_word(c, i, "his") && !is_word(c, i, "her") &&
      !is_word(c, i, "their"))
    return 0;
  for (uint32_t k = i + 1; k < to && k - i <= 5; k++) {
    if (is_word(c, k, "that"))
      return k > i + 1 ? k - i : 0;
    if (tk(c, k)->type != WS__TOK_WORD || !outside(tk(c, k)) || cue_word(c, k) ||
        ((tk(c, k)->lex & WS__LEX_FUNCTION_WORDS) && !is_word(c, k, "of")))
      return 0; /* "a group of pilots" */
  }
  return 0;
}

/* The number of tokens of "in/at PLACE" at i when a comma or the
 * sentence's end follows it ("… said Tuesday in Paris, noting …"), or 0. */
static uint32_t place_end(const ctx *c, uint32_t i, uint32_t e) {
  uint32_t k = i + 1;
  while (k < e && k - i <= 4 && tk(c, k)->type == WS__TOK_WORD && outside(tk(c, k)) &&
         (tk(c, k)->flags & WS__TF_CAP))
    k++;
  if (k > i + 1 && k + 2 < e && is_punct(c, k, ',') && (tk(c, k + 1)->flags & WS__TF_CAP) &&
      tk(c, k + 1)->type == WS__TOK_WORD && outside(tk(c, k + 1))) {
    uint32_t m = k + 1; /* "in Toledo, Ohio, that": the state goes with its town. */
    while (m < e && m - k <= 3 && (tk(c, m)->flags & WS__TF_CAP) && tk(c, m)->type == WS__TOK_WORD)
      m++;
    if (m < e && is_punct(c, m, '.') && tk(c, m)->start == tk(c, m - 1)->end)
      m++; /* "Colo." */
    if (m + 1 < e && is_punct(c, m, ',') && is_word(c, m + 1, "that"))
      return m + 1 - i;
  }
  return k > i + 1 && (k >= e || is_punct(c, k, ',') || is_terminal(c, k) || is_dash(c, k)) ? k - i : 0;
}

/* The number of tokens of a place frame "in/at PLACE" at i that ends right
 * before "that" ("said in Colorado Springs that"), or 0. */
static uint32_t place_before_that(const ctx *c, uint32_t i, uint32_t to) {
  uint32_t k = i + 1;
  while (k < to && k - i <= 5 && tk(c, k)->type == WS__TOK_WORD && outside(tk(c, k)) &&
         (tk(c, k)->flags & WS__TF_CAP))
    k++;
  return k > i + 1 && k < to && is_word(c, k, "that") ? k - i : 0;
}

/* Skips aux words, adverbs and commas after the quote: "…," she said. */
static uint32_t skip_light(const ctx *c, uint32_t i, uint32_t limit) {
  while (i < limit && (is_punct(c, i, ',') || is_dash(c, i)))
    i++;
  return i;
}

/* "“…”" closing its paragraph, and the next paragraph a short signature
 * line: "- Sanders.", "―President Obama, tweeting after the speech.". The
 * name right after the dash signs the quote; what follows a comma tells
 * where or when. Returns as dash_tag. */
static int32_t dash_line_tag(ctx *c, uint32_t close) {
  uint32_t para = tk(c, close)->para, k = close + 1;
  if (para + 2 > c->doc->npara)
    return -2;
  uint32_t end = c->doc->para_first[para + 1];
  while (k < end && is_terminal(c, k))
    k++;
  uint32_t d = end, line_end = c->doc->para_first[para + 2];
  if (k != end || d + 2 > line_end || line_end - d > 16 || !is_dash(c, d))
    return -2;
  ws__np np;
  if (!ws__np_after(&c->people, d + 1, line_end, &np) || np.pronoun ||
      !(np.last + 1 == line_end || is_punct(c, np.last + 1, ',') || is_punct(c, np.last + 1, '.')))
    return -2;
  int32_t a = new_attr(c, &np, d, d);
  return a < 0 ? -1 : a;
}

/* "“…” ― Jorge Falcon": a dash and a name closing the paragraph sign the
 * quote. Returns the attribution, -1 when out of memory, -2 when the
 * quote is not signed so. */
static int32_t dash_tag(ctx *c, uint32_t close) {
  uint32_t d = close + 1;
  uint32_t para_end = c->doc->para_first[tk(c, close)->para + 1];
  if (d + 1 >= para_end || !is_dash(c, d) || tk(c, d)->para != tk(c, close)->para)
    return dash_line_tag(c, close);
  ws__np np;
  if (!ws__np_after(&c->people, d + 1, para_end, &np) || np.pronoun)
    return -2;
  uint32_t end = np.last + 1;
  while (end < para_end && (is_punct(c, end, '.') || is_punct(c, end, ',')))
    end++;
  if (end != para_end)
    return -2;
  int32_t a = new_attr(c, &np, d, d);
  return a < 0 ? -1 : a;
}

/* The end (the terminal mark) of a sentence of two to five words at token
 * i that is only a speaker and a cue ("Trump said.", "said Mr. Kim.",
 * "she added."), or UINT32_MAX. */
static uint32_t short_tag_end(const ctx *c, uint32_t i, uint32_t para_end) {
  uint32_t cues = 0;
  for (uint32_t k = i; k < para_end && k - i <= 5; k++) {
    const ws__token *t = tk(c, k);
    if (is_terminal(c, k) && !(k > i && is_punct(c, k, '.') && tk(c, k - 1)->end == t->start &&
                                 (tk(c, k - 1)->lex & (WS__LEX_HONORIFICS_MALE |
                                                       WS__LEX_HONORIFICS_FEMALE))))
      return k >= i + 2 && cues == 1 ? k : UINT32_MAX;
    if (!outside(t) || (t->type != WS__TOK_WORD && !is_punct(c, k, '.')))
      return UINT32_MAX;
    if (t->type == WS__TOK_WORD && !(t->flags & WS__TF_CAP) && !cue_word(c, k) &&
        !(t->lex & (WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE | WS__LEX_PRONOUNS_PLURAL |
                    WS__LEX_AUX_ADVERBS)))
      return UINT32_MAX; /* Only names, pronouns, adverbs and the cue. */
    cues += cue_word(c, k);
  }
  return UINT32_MAX;
}

/* True for a word that carries on the clause around a quotation rather
 * than opening its attribution: "“to unmask the true nature” of Trump,
 * whom he called …". */
static bool continues_clause(const ctx *c, uint32_t i) {
  /* Every word is a function word: the class tests first, then the words
   * of the token's length. */
  const ws__token *t = tk(c, i);
  if (!(t->lex & WS__LEX_FUNCTION_WORDS) || (t->flags & WS__TF_CAP))
    return false;
  switch (t->end - t->start) {
  case 2:
    return is_word(c, i, "of") || is_word(c, i, "to") || is_word(c, i, "in") ||
           is_word(c, i, "on") || is_word(c, i, "at") || is_word(c, i, "by") || is_word(c, i, "as");
  case 3:
    return is_word(c, i, "for");
  case 4:
    return is_word(c, i, "with") || is_word(c, i, "from") || is_word(c, i, "into") ||
           is_word(c, i, "than") || is_word(c, i, "that") || is_word(c, i, "whom");
  case 5:
    return is_word(c, i, "about") || is_word(c, i, "which") || is_word(c, i, "whose");
  case 7:
    return is_word(c, i, "because");
  default:
    return false;
  }
}

/* Accepts the tokens [i, e) as an unnamed speaker before the cue at e: a
 * determiner, up to two lower-case modifiers and a lower-case noun, as in
 * "…," the man said; "…," one user wrote; "…," this source told the Post.
 * The phrase is the role, with no entity. */
static bool nominal_subject(ctx *c, uint32_t i, uint32_t e, ws__np *np) {
  static const listed_word dets[] = {LW("the"), LW("a"), LW("an"), LW("this"), LW("that"),
                                     LW("one"), LW("another"), LW("his"), LW("her"), LW("their")};
  while (e > i && aux_or_adverb(c, e - 1))
    e--;
  if (e < i + 2 || e - i > 4 || !word_in(c, i, dets, sizeof dets / sizeof dets[0]))
    return false;
  for (uint32_t k = i + 1; k < e; k++) {
    const ws__token *t = tk(c, k);
    if (t->type != WS__TOK_WORD || !outside(t) || (t->flags & WS__TF_CAP) ||
        (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_BELIEF_VERBS |
                   WS__LEX_AUX_ADVERBS | WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE |
                   WS__LEX_PRONOUNS_PLURAL | WS__LEX_PRONOUNS_NEUTER)))
      return false;
  }
  unnamed_np(np, i, e - 1);
  return true;
}

/* True when tokens [f, l) are one to four words that can modify a title
 * before a name: "Republican party boss", "veteran GOP strategist". */
static bool modifiers_only(const ctx *c, uint32_t f, uint32_t l) {
  if (l <= f || l - f > 4)
    return false;
  for (uint32_t k = f; k < l; k++) {
    const ws__token *t = tk(c, k);
    if (t->type != WS__TOK_WORD || !outside(t) ||
        (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_BELIEF_VERBS |
                   WS__LEX_AUX_ADVERBS | WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE |
                   WS__LEX_PRONOUNS_PLURAL | WS__LEX_PRONOUNS_NEUTER)))
      return false;
  }
  return true;
}

/* True for a lower-case word of five letters or more ending in "s" but
 * not "ss", "us" or "is": a verb in the present ("answers", "mocks") when
 * it ends a speech tag. */
static bool tag_s_word(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  size_t n = t->end - t->start;
  const char *x = c->doc->text + t->start;
  return t->type == WS__TOK_WORD && outside(t) && !(t->flags & WS__TF_CAP) && n >= 5 &&
         x[n - 1] == 's' && x[n - 2] != 's' && x[n - 2] != 'u' && x[n - 2] != 'i' &&
         !(t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_AUX_ADVERBS)) && !possessive_word(c, i) &&
         memchr(x, '\'', n) == NULL && memchr(x, 0xE2, n) == NULL; /* Not "the operator's". */
}

/* "“This is fantastic!” beamed Donald Hartley.": right after the closing
 * mark at i - 1, a past-tense verb that the lexicon does not list, then a
 * person's name that ends the clause. Returns the attribution, -1 when
 * there is none, or -2 when the words are not of that shape. */
static int32_t unlisted_inverted(ctx *c, uint32_t i, uint32_t para_end) {
  if (i + 2 >= para_end || !ed_word(c, i) || !outside(tk(c, i)) || cue_word(c, i) ||
      ws__mention_entity_at(&c->people, i + 1) < 0)
    return -2;
  int32_t e = ws__mention_entity_at(&c->people, i + 1);
  uint32_t end = sent_end(c, i) < para_end ? sent_end(c, i) : para_end;
  ws__np np;
  if (ws__entity_type(&c->people, e) != WS__ENT_PERSON ||
      !ws__np_after(&c->people, i + 1, end, &np) || np.entity != e ||
      !(np.last + 1 == end || is_terminal(c, np.last + 1) || is_punct(c, np.last + 1, ',')))
    return -2; /* "“…,” resigned Smith from the board" is no tag. */
  return new_attr(c, &np, i, i);
}

/* "“France will always be France,” an angry Hollande retaliated.": after a
 * quotation that closes on a comma, '!' or '?' inside its marks, a person,
 * a pronoun or a description and then a past-tense verb that the lexicon
 * does not list ("retaliated", "laughed", "shrugged") ending the clause:
 * the verb tags the quotation. Returns the attribution or -1. */
static int32_t unlisted_tag(ctx *c, uint32_t close) {
  uint32_t mark = close;
  if (mark > 0 && (tk(c, mark - 1)->flags & WS__TF_QCLOSE) && tk(c, mark - 1)->end == tk(c, mark)->start)
    mark--; /* The first ' of a closing ''. */
  if (mark == 0 || !(is_punct(c, mark - 1, ',') || is_punct(c, mark - 1, '!') ||
                     is_punct(c, mark - 1, '?')))
    return -1;
  uint32_t i = close + 1, para_end = c->doc->para_first[tk(c, close)->para + 1];
  int32_t a = unlisted_inverted(c, i, para_end);
  if (a != -2)
    return a;
  for (uint32_t j = i + 1; j + 1 < para_end && j - i <= 5; j++) {
    const ws__token *t = tk(c, j);
    if (!outside(t) || t->type != WS__TOK_WORD)
      return -1;
    if (!(ed_word(c, j) || (j == i + 1 && tag_s_word(c, j))) || cue_word(c, j))
      continue; /* "“…,” Bozell answers.": one word of subject, then the verb. */
    uint32_t after = j + 1; /* "cried out", "shot back", "chimed in": a particle goes with it. */
    if (after + 1 < para_end && (is_word(c, after, "out") || is_word(c, after, "back") ||
                                 is_word(c, after, "in") || is_word(c, after, "up")))
      after++;
    if (!(is_terminal(c, after) || is_punct(c, after, ',')))
      return -1; /* "“…,” Smith added later": no; "“…,” he shrugged.": yes. */
    ws__np np;
    bool sb = subject_before_cue(c, j, i, &np);
    if (!(sb && (np.first == i || (np.entity >= 0 && modifiers_only(c, i, np.first)))) &&
        !nominal_subject(c, i, j, &np))
      return -1;
    if (sb && np.first > i)
      np.first = i; /* "an angry Hollande": the mention, with no role in "angry". */
    return new_attr(c, &np, j, after - 1);
  }
  return -1;
}

/* Looks for the attribution after a quotation ending at token close.
 * Returns the attribution or -1. */
/* True when the cue at j takes an object of its own and then a new
 * quotation that opens with a capital: "she added the words, ''Hillary
 * Clinton.''", "he said these words: “…”". The cue belongs to that
 * quotation, not to one before it. A listener ("told the crowd, “and …”")
 * and a split quotation's lower-case second half are left alone. */
static bool cue_object_then_quote(const ctx *c, uint32_t j, uint32_t limit) {
  uint32_t k = j + 1;
  if (k >= limit || (tk(c, j)->lex & WS__LEX_ADDRESSEE_VERBS) || !(tk(c, k)->lex & WS__LEX_DETERMINERS) ||
      !outside(tk(c, k)))
    return false;
  for (k++; k < limit && k - j <= 4; k++) {
    const ws__token *t = tk(c, k);
    if (t->flags & WS__TF_QOPEN) {
      uint32_t w = k + 1; /* Past the second ' of an opening ''. */
      if (w < c->doc->ntok && tk(c, w)->start == t->end && tk(c, w)->type != WS__TOK_WORD)
        w++;
      return w < c->doc->ntok && (tk(c, w)->flags & WS__TF_CAP) && !is_punct(c, k - 1, '.');
    }
    if (!outside(t) || (t->type != WS__TOK_WORD && !is_punct(c, k, ',') && !is_punct(c, k, ':')))
      return false;
  }
  return false;
}

static int32_t attribution_after(ctx *c, uint32_t close) {
  int32_t tag = dash_tag(c, close);
  if (tag != -2)
    return tag;
  uint32_t mark = close;
  if (mark > 0 && (tk(c, mark - 1)->flags & WS__TF_QCLOSE) &&
      tk(c, mark - 1)->end == tk(c, mark)->start)
    mark--; /* The first ' of a closing ''. */
  uint32_t limit = sent_end(c, close);
  uint32_t para_end = c->doc->para_first[tk(c, close)->para + 1];
  if (mark > 0 && is_punct(c, mark - 1, '.')) {
    /* “… know.” ends a sentence; the words after are new, unless they are
     * only a speaker and a cue: “… missing.” Trump said. */
    uint32_t tag_end = short_tag_end(c, close + 1, para_end);
    if (tag_end == UINT32_MAX)
      return -1;
    limit = tag_end;
  }
  if (limit > para_end)
    limit = para_end;
  uint32_t i = skip_light(c, close + 1, limit);
  if (i >= limit || !outside(tk(c, i)) || continues_clause(c, i))
    return -1;
  if ((is_word(c, i, "and") || is_word(c, i, "but")) && !(tk(c, i)->flags & WS__TF_CAP) &&
      (i > close + 1 || is_punct(c, close - 1, ',')))
    return -1; /* "Trump, who called it “insanity,” and Sanders, who says …": a new conjunct. */
  ws__np np;
  /* "…," said Smith, the mayor. "…," tweeted a fan in Porto. The speaker
   * after the cue is asked for once: when it is found, the branch below
   * takes it as a second call would, unless finding it changed an entity. */
  uint32_t edits = c->people.edits;
  bool cue = cue_word(c, i) && !c->used[i] &&
             !(participle(c, i) && (tk(c, i)->lex & WS__LEX_ADDRESSEE_VERBS));
  /* Not "“…,” telling Fox 35 that …": the name after a participle of
   * telling is the listener; the speaker is the sentence's subject. */
  bool after = cue && ws__np_after(&c->people, i + 1, limit, &np);
  if (cue && !after &&
      i + 1 < limit && (tk(c, i + 1)->lex & WS__LEX_DETERMINERS) && !is_word(c, i + 1, "its") &&
      !is_word(c, i + 1, "his") && !is_word(c, i + 1, "her") && !is_word(c, i + 1, "their")) {
    uint32_t e = i + 1, most = 10;
    while (e < limit && e - i <= most && !is_terminal(c, e) && !is_punct(c, e, ',') &&
           outside(tk(c, e))) {
      if (e - i <= 4 && (is_word(c, e, "who") || is_word(c, e, "whose")))
        most = 18; /* "said the man who built his political career on his blue collar credentials" */
      e++;
    }
    bool relative = e + 1 < limit && is_punct(c, e, ',') &&
                    (is_word(c, e + 1, "who") || is_word(c, e + 1, "whose"));
    if (e < limit && !is_terminal(c, e) && !relative)
      return -1; /* But "said one of those advisers, who spoke …" names its speaker. */
    source_span(c, i + 1, e, &np);
    int32_t a = new_attr(c, &np, i, i);
    if (a >= 0)
      scan_venue(c, attr_at(c, a), i, limit);
    return a;
  }
  if (cue && (c->people.edits == edits ? after : ws__np_after(&c->people, i + 1, limit, &np))) {
    if (np.entity < 0 && !np.pronoun && !np.has_role)
      np.has_role = true, np.role_first = np.first, np.role_last = np.last; /* "one Democrat familiar …" */
    int32_t a = new_attr(c, &np, i, i);
    if (a >= 0)
      scan_venue(c, attr_at(c, a), i, limit);
    return a;
  }
  /* "…," she said / "…," White House spokeswoman Abigail Jackson told … */
  for (uint32_t j = i + 1; j < limit && j - i < MAX_SUBJECT; j++) {
    if (!outside(tk(c, j)))
      break;
    if (!cue_word(c, j) || c->used[j])
      continue;
    if (j + 1 < limit && (is_word(c, j + 1, "yes") || is_word(c, j + 1, "no")))
      return -1; /* "…,” Melanie said yes, yes, yes": an answer, not this quotation's tag. */
    if (j + 1 < c->doc->ntok && is_punct(c, j + 1, ':'))
      return -1; /* "… “fewer crossings,” Falk said: “…”": the tag opens the next one. */
    if (cue_object_then_quote(c, j, limit))
      return -1; /* "… ''A Change Is Gonna Come,'' she added the words, ''Hillary Clinton.''" */
    if (participle_with_agent(c, j))
      return -1; /* "“Harbour Tales,” a biography written by two reporters" */
    uint32_t v = j;
    while (v > i && (aux_or_adverb(c, v - 1) || ly_word(c, v - 1)))
      v--;
    if (v > i && (is_word(c, v - 1, "and") || is_word(c, v - 1, "but")) &&
        (v - 1 == i || !(tk(c, v - 2)->flags & WS__TF_CAP)))
      return -1; /* "said “CNN” five times, and specifically mentioned …": a second verb. */
    bool sb = subject_before_cue(c, j, i, &np);
    if (sb && np.first > i && np.entity >= 0 && modifiers_only(c, i, np.first)) {
      if (!np.has_role) /* "Republican party boss Reince Priebus said" */
        np.has_role = true, np.role_first = i, np.role_last = np.first - 1;
      else if (np.role_first == np.first)
        np.role_first = i; /* "port director Samir Haddad said" */
      np.first = i;
    }
    if ((!sb || np.first != i) && !loose_subject(c, i, j, &np) && !nominal_subject(c, i, j, &np))
      return -1;
    int32_t a = new_attr(c, &np, j, j);
    if (a >= 0) {
      scan_venue(c, attr_at(c, a), j, limit);
      told_name(c, attr_at(c, a), limit);
    }
    return a;
  }
  return -1;
}

/* Finds the nearest cue before the opening mark open in its sentence, with
 * only attribution words (addressee, channel, date, ':' ',') in between.
 * Sets *gap_words to the number of other words between cue and quote. */
static int32_t cue_before(ctx *c, uint32_t open, uint32_t *gap_words) {
  uint32_t floor = sent_first(c, open);
  uint32_t para = c->doc->para_first[tk(c, open)->para];
  if (floor < para)
    floor = para;
  *gap_words = 0;
  for (uint32_t j = open; j > floor && open - j < MAX_CUE_GAP + 6;) {
    j--;
    if (!outside(tk(c, j)))
      return -1;
    if (cue_word(c, j) && !c->used[j]) {
      for (uint32_t k = j; k > floor && j - k < 4;) {
        k--; /* "went on to say, “…”": the phrase's head is the cue. */
        if ((tk(c, k)->lex & WS__LEX_PHRASE_HEAD) && cue_word(c, k) && !c->used[k] &&
            k + cue_span(c, k) - 1 == j)
          return (int32_t)k;
      }
      return (int32_t)j;
    }
    if (tk(c, j)->type == WS__TOK_WORD)
      (*gap_words)++;
  }
  return -1;
}

/* True for a word that opens a time or place frame after a cue: "tweeted
 * in the early morning hours that …", "told voters this weekend he …". The
 * words go by length, so that a token ("that", "the", "he" after most
 * cues) meets a few of them, not all. */
static bool frame_word(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  if (t->type != WS__TOK_WORD || !outside(t))
    return false;
  if (t->lex & WS__LEX_WEEKDAYS)
    return true;
  switch (t->end - t->start) {
  case 2:
    return is_word(c, i, "in") || is_word(c, i, "on") || is_word(c, i, "at");
  case 4:
    return is_word(c, i, "last") || is_word(c, i, "this") || is_word(c, i, "late") ||
           is_word(c, i, "over");
  case 5:
    return is_word(c, i, "after") || is_word(c, i, "later") || is_word(c, i, "today") ||
           is_word(c, i, "again") || is_word(c, i, "early") || is_word(c, i, "since");
  case 6:
    return is_word(c, i, "during") || is_word(c, i, "before");
  case 7:
    return is_word(c, i, "earlier") || is_word(c, i, "tonight");
  case 8:
    return is_word(c, i, "recently") || is_word(c, i, "publicly");
  case 9:
    return is_word(c, i, "yesterday") || is_word(c, i, "privately");
  case 10:
    return is_word(c, i, "repeatedly");
  default:
    return false;
  }
}

/* True for a noun that ends a time frame: "this weekend", "last week". */
static bool time_noun(const ctx *c, uint32_t i) {
  static const listed_word words[] = {
      LW("weekend"), LW("week"),    LW("month"),     LW("year"),     LW("morning"),
      LW("afternoon"), LW("evening"), LW("night"),   LW("day"),      LW("hours"),
      LW("today"),   LW("yesterday"), LW("tonight"), LW("recently"), LW("earlier"),
      LW("later")};
  return (tk(c, i)->lex & WS__LEX_WEEKDAYS) || word_in(c, i, words, sizeof words / sizeof words[0]);
}

/* Skips a time or place frame between a cue and its clause: returns the
 * first token of the clause (after "that" when one closes the frame), or i
 * when [i, e) does not open with a frame. */
static uint32_t skip_clause_frame(const ctx *c, uint32_t i, uint32_t e) {
  if (i >= e || !frame_word(c, i))
    return i;
  for (uint32_t j = i + 1; j < e && j - i <= 8; j++) {
    const ws__token *t = tk(c, j);
    if (!outside(t) || is_terminal(c, j) || is_punct(c, j, ';') || cue_word(c, j))
      return i;
    if (is_word(c, j, "that"))
      return j + 1 < e ? j + 1 : i;
    bool prep = is_word(c, i, "after") || is_word(c, i, "before") || is_word(c, i, "during") ||
                is_word(c, i, "since") || is_word(c, i, "at") || is_word(c, i, "in");
    if ((prep || time_noun(c, j - 1)) && (j > i + 1 || time_noun(c, i)) &&
        (t->lex & (WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE | WS__LEX_PRONOUNS_PLURAL)) &&
        !is_word(c, j, "him") && !is_word(c, j, "them") && !is_word(c, j, "her"))
      return j; /* "told voters this weekend he would …", "says tonight he’s …" */
  }
  return i;
}

/* Counts the words between cue and quote that are not attribution words
 * (listener, channel, date, "that"); they make a quote "mixed". */
static uint32_t listener_then_that(const ctx *c, uint32_t i, uint32_t e);
static uint32_t named_listener_then_that(const ctx *c, uint32_t i, uint32_t e);

static uint32_t content_words(ctx *c, attribution *a, uint32_t from, uint32_t to, uint32_t *start) {
  uint32_t i = from, n = 0;
  *start = to;
  ws_str tmp;
  while (i < to) {
    uint32_t k = 0;
    if (is_punct(c, i, ',') || is_punct(c, i, ':') || is_word(c, i, "that") || is_dash(c, i))
      k = 1;
    else if (i == from && i + 1 < to && is_punct(c, i + 1, ',') && ly_word(c, i))
      k = 1; /* "Sanders replied evenly, “…”" */
    else if (i == from && i + 1 < to && is_punct(c, i + 1, ',') && object_pronoun(c, i) &&
             ((tk(c, a->cue_first)->lex & WS__LEX_ADDRESSEE_VERBS) || is_word(c, i, "it")))
      k = 1; /* "he told me, “…”": the listener; "as she put it, “…”". */
    else if (i == from && (tk(c, a->cue_first)->lex & WS__LEX_ADDRESSEE_VERBS) &&
             (k = listener_before_that(c, i, to)) != 0)
      ; /* "told a veterans group that “…”" */
    else if (i == from && (tk(c, a->cue_first)->lex & WS__LEX_ADDRESSEE_VERBS) &&
             listener_then_that(c, i, to) > i)
      k = listener_then_that(c, i, to) - i; /* "told ABC’s “Good Morning America” that …" */
    else if (i == from && (tk(c, a->cue_first)->lex & WS__LEX_ADDRESSEE_VERBS) &&
             named_listener_then_that(c, i, to) != UINT32_MAX)
      k = named_listener_then_that(c, i, to) - i; /* "told Bill O’Reilly of Fox News, that “…”" */
    else if ((is_word(c, i, "in") || is_word(c, i, "at")) && (k = place_before_that(c, i, to)) != 0)
      ; /* "said in Colorado Springs that “a bomb” …" */
    else if (i == from && is_word(c, i, "of") && topic_end(c, i, to) != UINT32_MAX)
      k = topic_end(c, i, to) - i; /* "said of Clinton, “…”": the topic. */
    else if (is_word(c, i, "on") && (k = date_at(c, i + 1, to, &tmp)))
      k++;
    else if ((is_word(c, i, "on") || is_word(c, i, "to")) && (k = venue_at(c, i + 1, to, &tmp)))
      k++;
    else if (!(k = statement_noun_at(c, i, to, &tmp)) && !(k = date_at(c, i, to, &tmp)) &&
             i == from && (tk(c, a->cue_first)->lex & WS__LEX_ADDRESSEE_VERBS)) {
      k = venue_at(c, i, to, &tmp);
      if (!k) { /* "told the Capitol Ledger that …": the listener. */
        uint32_t j = i + (is_word(c, i, "the") && i + 1 < to && (tk(c, i + 1)->flags & WS__TF_CAP));
        while (j < to && j - i < 6 && (tk(c, j)->flags & WS__TF_CAP) &&
               tk(c, j)->type == WS__TOK_WORD && outside(tk(c, j)))
          j++;
        k = j > i && (tk(c, j - 1)->flags & WS__TF_CAP) ? j - i : 0;
      }
    }
    if (!k)
      k = time_phrase(c, i, to); /* "last week", "this morning" */
    else if (i + k < to && day_part(c, i + k))
      k++; /* "Wednesday night" */
    if (k) {
      i += k;
      continue;
    }
    if (*start == to)
      *start = i;
    n += tk(c, i)->type == WS__TOK_WORD;
    i++;
  }
  return n;
}

static bool participle(const ctx *c, uint32_t i);

/* True for a word that starts a new clause of the sentence rather than
 * continuing a reported one: "and", "but", "while", "whereas", ";". */
static bool coordinator(const ctx *c, uint32_t i) {
  return is_punct(c, i, ';') || is_word(c, i, "and") || is_word(c, i, "but") ||
         is_word(c, i, "while") || is_word(c, i, "whereas") || is_word(c, i, "although") ||
         is_word(c, i, "though");
}

/* The outermost speech verb of the sentence when the cue at inner sits in
 * the clause it reports: in "Clinton says she appreciated Machado's courage
 * through what she calls a “war of words”" the statement is Clinton's
 * "says", not "calls". Returns that cue (and its subject in np) or -1. */
static bool looks_like_term(const ctx *c, const ws__quote *q);
static int32_t outer_cue(ctx *c, uint32_t inner, uint32_t floor, ws__np *np) {
  int32_t found = -1;
  bool by_participle = false;
  if (participle(c, inner))
    return -1; /* "She apologised …, writing that …": a second cue of hers. */
  if (!subject_before_cue(c, inner, floor, np) && !passive_cue(c, inner, floor))
    return -1; /* Not a verb with a subject: "could not play a show that". */
  for (uint32_t j = inner; j > floor;) {
    j--;
    int32_t tq = (tk(c, j)->flags & WS__TF_QCLOSE) && j > floor ? tk(c, j - 1)->quote : -1;
    if (tq >= 0 && quote_at(c, tq)->closed && looks_like_term(c, quote_at(c, tq)) &&
        mark_open(c, quote_at(c, tq)) > floor && !is_punct(c, j - 1, ',')) {
      j = mark_open(c, quote_at(c, tq));
      continue; /* A title on the way: "told ABC’s “Good Morning America” that he agrees …" */
    } /* Not past a comma inside its marks: "After Scalia said … “less advanced schools,” Trump said: “…”" */
    if (!outside(tk(c, j)) || coordinator(c, j) || is_terminal(c, j) || is_punct(c, j, ':') ||
        is_punct(c, j, ',') || is_dash(c, j))
      break; /* Nor across a dash: "When Clinton noted that … ― Trump boasted, “…”" */
    if (cue_word(c, j) && !c->used[j] && !participle(c, j) && subject_before_cue(c, j, floor, np))
      found = (int32_t)j, by_participle = false;
    else if (cue_word(c, j) && !c->used[j] && participle(c, j) && is_word(c, j + 1, "that") &&
             j + 1 < inner) {
      found = (int32_t)j, by_participle = true; /* "… a series of tweets saying that Clinton had shown …" */
      break; /* It introduces the clause: no cue before it does. */
    }
  }
  if (found >= 0 && by_participle)
    return sentence_subject(c, floor, (uint32_t)found, np) ? found : -1;
  if (found >= 0)
    subject_before_cue(c, (uint32_t)found, floor, np);
  return found;
}

/* True for a pronoun that is an object, never the speaker after its cue:
 * "calling them “corporate welfare”", "called him “a total stiff”". */
static bool object_pronoun(const ctx *c, uint32_t i) {
  return is_word(c, i, "him") || is_word(c, i, "her") || is_word(c, i, "them") ||
         is_word(c, i, "us") || is_word(c, i, "me") || is_word(c, i, "it") ||
         is_word(c, i, "you");
}

/* True when the quotation opening at token open closes inside its sentence
 * and the clause goes on after it with a lower-case word: "said “it gets me
 * mad” every time he thinks about …". Not when a comma, a dash or the
 * sentence's end follows the closing mark. */
static uint32_t mixed_end(const ctx *c, uint32_t f, uint32_t l);

/* True when token i lies in a headline set in title case: the first
 * paragraph, of at most 40 tokens, in which every word of four letters or
 * more outside function words is capitalised ("Retired General Reveals
 * ‘Demoralizing’ Experience Of Serving Under Obama"). There capitals tell
 * neither a title nor a name from the headline's own words. */
static bool title_case_headline(const ctx *c, uint32_t i) {
  if (tk(c, i)->para != 0 || c->doc->npara < 2 || c->doc->para_first[1] > 40)
    return false;
  unsigned words = 0;
  for (uint32_t k = 0; k < c->doc->para_first[1]; k++) {
    const ws__token *t = tk(c, k);
    if (t->type != WS__TOK_WORD || t->end - t->start < 4 || (t->lex & WS__LEX_FUNCTION_WORDS))
      continue;
    if (!(t->flags & WS__TF_CAP))
      return false;
    words++;
  }
  return words >= 3;
}

static bool clause_goes_on(const ctx *c, uint32_t open) {
  uint32_t in = open;
  while (in + 1 < c->doc->ntok && in < open + 2 && tk(c, in)->quote < 0)
    in++; /* Past the mark, both 's of ''. */
  const ws__token *t = tk(c, in);
  if (t->quote < 0)
    return false;
  const ws__quote *q = &c->doc->quotes[t->quote];
  if (!q->closed || q->close < 0 || q->next_part >= 0)
    return false;
  if (q->last >= q->first && (is_punct(c, q->last, '?') || is_punct(c, q->last, '!')))
    return false; /* "chanted “What curfew?” as they marched": a whole utterance. */
  uint32_t k = mark_close(c, q) + 1;
  if (k >= c->doc->ntok || tk(c, k)->sent != tk(c, open)->sent)
    return false;
  const ws__token *w = tk(c, k);
  bool cap_word = (w->flags & WS__TF_CAP) && w->type == WS__TOK_WORD && outside(w) &&
                  !is_punct(c, (uint32_t)q->close - 1, ',');
  if (cap_word && !(w->lex & WS__LEX_FUNCTION_WORDS) && title_case_headline(c, k))
    return true; /* "Reveals ‘Demoralizing’ Experience Of …", not "‘…’ After …" */
  if (cap_word && !is_terminal(c, (uint32_t)q->close - 1)) {
    int32_t e = ws__mention_entity_at(&c->people, k);
    uint32_t j = k;
    while (e >= 0 && j + 1 < c->doc->ntok && ws__mention_entity_at(&c->people, j + 1) == e)
      j++;
    /* "saying “of course” Clinton has the qualifications": a subject and
     * its verb go on after the quotation. */
    return e >= 0 && j + 1 < c->doc->ntok && tk(c, j + 1)->sent == tk(c, open)->sent &&
           outside(tk(c, j + 1)) && (aux_or_adverb(c, j + 1) || ed_word(c, j + 1));
  }
  if (w->type != WS__TOK_WORD || !outside(w) || (w->flags & WS__TF_CAP) ||
      is_punct(c, (uint32_t)q->close - 1, ','))
    return false;
  /* "said “budget reforms” and the collection of taxes would …" goes on;
   * "said “no” and walked out" is a second act. */
  return !coordinator(c, k) || (k + 1 < c->doc->ntok && mixed_end(c, k - 2, k + 1) != k - 1 &&
                                (is_word(c, k, "and") || is_word(c, k, "or")) &&
                                !(tk(c, k + 1)->flags & WS__TF_QOPEN)); /* Not "“A” and “B”". */
}

static ws_str noun_phrase_before(const ctx *c, uint32_t n, uint32_t floor);

/* True when "on PLATFORM" or "in a statement" comes right before the
 * participle at token i: "responded to the question on Facebook writing,
 * “…”" is written by the sentence's subject, not by Facebook. */
static bool platform_before(const ctx *c, uint32_t i) {
  uint32_t k = i;
  while (k > 0 && (tk(c, k - 1)->lex & (WS__LEX_PLATFORMS | WS__LEX_OUTLETS)) && i - k < 3)
    k--;
  return k < i && k > 0 && (is_word(c, k - 1, "on") || is_word(c, k - 1, "to"));
}

/* True when a comma comes right before token i, or a closing quotation
 * mark after a comma: "… a “ridiculous proposition,” adding that …". */
static bool comma_before(const ctx *c, uint32_t i) {
  if (i > 2 && (tk(c, i - 1)->flags & WS__TF_QCLOSE) && (tk(c, i - 2)->flags & WS__TF_QCLOSE) &&
      tk(c, i - 2)->end == tk(c, i - 1)->start)
    i--; /* Both 's of a closing '': "''I don't like it,'' adding that …" */
  return i > 0 && (is_punct(c, i - 1, ',') || (i > 1 && (tk(c, i - 1)->flags & WS__TF_QCLOSE) &&
                                               is_punct(c, i - 2, ',')));
}

/* Looks for the attribution before a quotation opening at token open:
 * "Smith told Newsweek: “…”". Sets *mixed_from to the first content token
 * when words of a reported clause come between cue and quote. */
static int32_t attribution_before(ctx *c, uint32_t open, uint32_t *mixed_from) {
  uint32_t gap;
  *mixed_from = UINT32_MAX;
  int32_t cue = cue_before(c, open, &gap);
  if (cue < 0)
    return -1;
  uint32_t floor = sent_first(c, open);
  uint32_t para = c->doc->para_first[tk(c, open)->para];
  if (floor < para)
    floor = para;
  ws__np np;
  bool has_np = false, np_after = false;
  int32_t outer = outer_cue(c, (uint32_t)cue, floor, &np);
  if (outer >= 0)
    cue = outer, has_np = true;
  else if (participle(c, (uint32_t)cue) && cue > (int32_t)floor &&
           (comma_before(c, (uint32_t)cue) || platform_before(c, (uint32_t)cue)))
    has_np = sentence_subject(c, floor, (uint32_t)cue, &np) ||
             subject_before_cue(c, (uint32_t)cue, floor, &np); /* "In Portsmouth, Sanders praised …, saying" */
  else
    has_np = subject_before_cue(c, (uint32_t)cue, floor, &np);
  if (has_np && participle(c, (uint32_t)cue) && np.first > floor + 1 &&
      (is_word(c, np.first - 1, "to") || participle_word(c, np.first - 1))) {
    ws__np subject; /* "emailed supporters saying:", "an email to supporters stating": the sender. */
    if (sentence_subject(c, floor, (uint32_t)cue, &subject) && subject.last + 1 < np.first)
      np = subject;
  }
  if (!has_np && participle(c, (uint32_t)cue) && cue > (int32_t)floor &&
      (comma_before(c, (uint32_t)cue) || is_word(c, (uint32_t)cue - 1, "by")))
    has_np = sentence_subject(c, floor, (uint32_t)cue, &np); /* "…, adding: “…”" */
  if (!has_np && !participle(c, (uint32_t)cue)) {
    uint32_t k = (uint32_t)cue;
    while (k > floor && aux_or_adverb(c, k - 1))
      k--;
    if (k > floor + 2 && (is_word(c, k - 1, "and") || is_word(c, k - 1, "but")))
      has_np = sentence_subject(c, floor, k - 1, &np); /* "… and repeatedly says, “…”" */
  }
  if (!has_np && !participle(c, (uint32_t)cue))
    has_np = loose_subject(c, floor, (uint32_t)cue, &np); /* "Clinton, at a gaggle, said, “…”" */
  if (!has_np && ((uint32_t)cue == floor || is_punct(c, (uint32_t)cue - 1, ',')) &&
      (uint32_t)cue + 1 < open && !object_pronoun(c, (uint32_t)cue + 1) &&
      !participle(c, (uint32_t)cue) && /* "…, telling CBS that": CBS listens. */
      ws__np_after(&c->people, (uint32_t)cue + 1, open, &np))
    has_np = true, np_after = true; /* "Said Smith: “…”", but not "…, calling them “…”" */
  if (!has_np)
    return -1;
  int32_t a = new_attr(c, &np, (uint32_t)cue, (uint32_t)cue);
  if (a < 0)
    return -1;
  attribution *at = attr_at(c, a);
  scan_venue(c, at, (uint32_t)cue, open);
  told_name(c, at, open);
  if (!at->channel.ptr && participle(c, (uint32_t)cue) && cue > (int32_t)floor &&
      (tk(c, (uint32_t)cue - 1)->lex & WS__LEX_STATEMENT_NOUNS))
    at->channel = noun_phrase_before(c, (uint32_t)cue - 1, floor); /* "a statement calling it “…”" */
  uint32_t start;
  bool colon = open > 0 && is_punct(c, open - 1, ':');
  uint32_t from = (uint32_t)cue + cue_span(c, (uint32_t)cue); /* After "talked about" too. */
  if (np_after && at->np.last + 1 > from)
    from = at->np.last + 1; /* "Said Dorothy Poynter, who grew up with Ali …, “…”" */
  if (!colon && content_words(c, at, from, open, &start) > 0) {
    uint32_t framed = skip_clause_frame(c, start, open);
    *mixed_from = framed < open ? framed : start;
  } else if (!colon && clause_goes_on(c, open) && !is_punct(c, open - 1, ','))
    *mixed_from = open; /* "Obama said “it gets me mad” every time he thinks about …" */
  return a;
}

/* "He said:" closing the paragraph before a quotation that opens its own
 * paragraph introduces it. Returns the attribution or -1. */
static int32_t colon_intro(ctx *c, uint32_t open) {
  const ws__token *t = tk(c, open);
  if (!(t->flags & WS__TF_PARA_START) || t->para == 0 || open < 2)
    return -1;
  uint32_t colon = open - 1;
  if (!is_punct(c, colon, ':'))
    return -1;
  uint32_t floor = sent_first(c, colon);
  for (uint32_t j = colon; j > floor && colon - j < MAX_COMPLEMENT;) {
    j--;
    if (!outside(tk(c, j)))
      return -1;
    if (!cue_word(c, j) || c->used[j])
      continue;
    ws__np np;
    if (!subject_before_cue(c, j, floor, &np))
      return -1;
    int32_t a = new_attr(c, &np, j, j);
    if (a >= 0)
      scan_venue(c, attr_at(c, a), j, colon);
    return a;
  }
  return -1;
}

/* True when a quotation looks like a title, nickname or scare quote rather
 * than speech: short, or every word capitalised. */
static bool looks_like_term(const ctx *c, const ws__quote *q) {
  if (q->n_words >= 6)
    return false;
  if (q->n_words <= 3)
    return true;
  for (uint32_t i = q->first; i <= q->last; i++)
    if (tk(c, i)->type == WS__TOK_WORD && !(tk(c, i)->flags & WS__TF_CAP) &&
        !(tk(c, i)->lex & WS__LEX_FUNCTION_WORDS))
      return false;
  return true;
}

/* True when token i is a word ending in 's or ’s: "MSNBC's". */
static bool possessive_word(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  if (t->type != WS__TOK_WORD || !outside(t))
    return false;
  size_t n = ws__possessive_len(c->doc, i);
  if (n != 0) { /* Not a contraction: "it's", "that's", "he's" say "is". */
    static const char *const is[] = {"it", "that", "he", "she", "there", "what", "who", "here",
                                     "where", "this", "let", "how"};
    size_t stem = t->end - t->start - n;
    const char *x = c->doc->text + t->start;
    for (size_t k = 0; k < sizeof is / sizeof is[0]; k++) {
      size_t m = 0;
      while (m < stem && is[k][m] && (x[m] | 0x20) == is[k][m])
        m++;
      if (m == stem && is[k][m] == '\0')
        return false;
    }
    return true;
  }
  return ws__plural_possessive(c->doc, i);
}

static bool infinitive_cue(const ctx *c, uint32_t cue, bool *promise, bool *request);

/* True when a short, term-like quotation follows its cue or a preposition
 * directly ("told “Morning Joe”", "said on “Fox News Sunday,”", "cited
 * “loopholes”"): a title or a term, not the speaker's words. */
static bool clause_goes_on(const ctx *c, uint32_t open);

static bool term_after_cue(const ctx *c, const ws__quote *q) {
  if (!looks_like_term(c, q) || mark_open(c, q) == 0)
    return false;
  uint32_t before = mark_open(c, q) - 1;
  if (before > 0 && (is_punct(c, before, ',') || is_punct(c, before, ':')))
    before--;
  if (q->last >= q->first && is_terminal(c, q->last) && q->next_part < 0 &&
      tk(c, q->first)->type == WS__TOK_WORD && cue_word(c, before))
    return false; /* "saying “Too many.”", "declared “What a Super Tuesday!”": an utterance. */
  uint32_t b = mark_open(c, q) - 1;
  if (cue_word(c, b) && clause_goes_on(c, mark_open(c, q)) && tk(c, b)->lex & WS__LEX_SPEECH_VERBS)
    return false; /* "Bush said “local forces” must lead the way": the start of a clause. */
  if (cue_word(c, b) && (tk(c, b)->flags & WS__TF_CAP) &&
      !(tk(c, b)->lex & WS__LEX_ADDRESSEE_VERBS) && title_case_headline(c, b))
    return false; /* "Hillary Clinton Speaks ‘Directly To White People’", not "Tells ‘Meet the Press’". */
  if (b > 0 && (tk(c, b)->lex & WS__LEX_DETERMINERS) && outside(tk(c, b)) && is_word(c, b - 1, "of"))
    b--; /* "accused him of an “artful smear”": the preposition before the article. */
  if ((is_word(c, b, "to") || is_word(c, b, "as") || is_word(c, b, "of")) && q->first <= q->last &&
      !(tk(c, q->first)->flags & WS__TF_CAP))
    for (uint32_t k = b; k > 0 && b - k < 4 && outside(tk(c, k - 1)) && tk(c, k - 1)->type == WS__TOK_WORD;
         k--)
      if (cue_word(c, k - 1) && tk(c, k - 1)->sent == tk(c, b)->sent) {
        bool p, r; /* Not "urged the mayor to “open the books”": an infinitive. */
        return is_word(c, b, "to") && infinitive_cue(c, k - 1, &p, &r) ? true : false;
      } /* "likened the rules to “burning the Constitution”", "described it as “…”" */
  if (b > 0 && (tk(c, b)->lex & WS__LEX_DETERMINERS) && outside(tk(c, b))) {
    b--; /* "a photo of the “Dust on the Dashboard” tour bus" */
    if (q->first <= q->last && !(tk(c, q->first)->flags & WS__TF_CAP) &&
        (cue_word(c, b) || is_word(c, b, "to") || is_word(c, b, "as")))
      return false; /* A phrase, not a title: "likened her to a “vicious snake”",
                     * "what he called a “brazen breach”". */
  }
  return cue_word(c, b) || is_word(c, b, "on") || is_word(c, b, "in") || is_word(c, b, "at") ||
         is_word(c, b, "to") || is_word(c, b, "from") || is_word(c, b, "of") ||
         is_word(c, b, "by") || is_word(c, b, "with") || possessive_word(c, b);
}

/* True when the word before a term-like quotation is a preposition or a
 * possessive: "on CBS's “Face the Nation,” Ryan said" names a programme, not
 * words of Ryan's. */
static bool title_after_preposition(const ctx *c, const ws__quote *q) {
  if (!looks_like_term(c, q) || mark_open(c, q) == 0)
    return false;
  uint32_t b = mark_open(c, q) - 1;
  const ws__token *t = tk(c, b);
  if (t->type != WS__TOK_WORD || !outside(t))
    return false;
  return possessive_word(c, b) || is_word(c, b, "on") || is_word(c, b, "in") || is_word(c, b, "at") ||
         is_word(c, b, "from") || is_word(c, b, "of");
}

/* True when a term-like quotation follows a document noun and perhaps a
 * comma: "In his 2002 book, “Make Your Kid a Millionaire,” Mr. McKinley
 * suggested …" names the book; the words after are no tag of it. */
static bool title_after_document(const ctx *c, const ws__quote *q) {
  if (!looks_like_term(c, q) || mark_open(c, q) < 2)
    return false;
  uint32_t b = mark_open(c, q) - 1;
  if (is_punct(c, b, ','))
    b--;
  const ws__token *t = tk(c, b);
  return t->type == WS__TOK_WORD && outside(t) && !(t->flags & WS__TF_CAP) &&
         (t->lex & WS__LEX_DOCUMENT_NOUNS);
}

/* The addressee of a quote that opens with an @handle. */
static void handle_addressee(ctx *c, attribution *a, const ws__quote *q) {
  if (!a->addressee.ptr && q->first <= q->last && (tk(c, q->first)->flags & WS__TF_HANDLE))
    a->addressee = span_str(c, q->first, q->first);
}

/* The last draft, if it is a direct quote in the same paragraph whose
 * attribution lies between it and the quotation at open. */
static int32_t continued_attr(ctx *c, uint32_t open) {
  if (c->drafts.len == 0)
    return -1;
  draft *d = &WS__VEC_AT(&c->drafts, draft, c->drafts.len - 1);
  if (d->attr < 0 || d->inherited)
    return -1;
  attribution *a = attr_at(c, d->attr);
  if (!a->has_cue || a->cue_last >= open || tk(c, a->cue_last)->para != tk(c, open)->para)
    return -1;
  uint32_t cm = open - (open > 0), w = open + 1; /* Both 's of '' too. */
  if (cm > 0 && (tk(c, cm)->flags & WS__TF_QCLOSE) && (tk(c, cm - 1)->flags & WS__TF_QCLOSE) &&
      tk(c, cm - 1)->end == tk(c, cm)->start)
    cm--;
  if (w + 1 < c->doc->ntok && (tk(c, w)->flags & WS__TF_QOPEN) && tk(c, open)->end == tk(c, w)->start)
    w++;
  if (open > 0 && (tk(c, cm)->flags & WS__TF_QCLOSE) && tk(c, cm)->start == d->end &&
      w < c->doc->ntok && tk(c, w)->type == WS__TOK_WORD && !(tk(c, w)->flags & WS__TF_CAP))
    return d->attr; /* "said that “ethanol people” “do a fantastic job”": one clause in pieces. */
  if (tk(c, a->cue_first)->start < d->end && !(c->drafts.len >= 2 &&
        WS__VEC_AT(&c->drafts, draft, c->drafts.len - 2).attr == d->attr &&
        WS__VEC_AT(&c->drafts, draft, c->drafts.len - 2).end <= tk(c, a->cue_first)->start))
    return -1; /* The cue came before that quote: a new utterance, unless the
                * quote was the second half of “A,” she said, “B”. */
  for (uint32_t i = a->cue_last + 1; open > 0 && tk(c, open - 1)->type == WS__TOK_WORD && i < open; i++)
    if ((is_word(c, i, "who") || is_word(c, i, "whose") || is_word(c, i, "which")) &&
        tk(c, i)->sent == tk(c, open)->sent)
      return -1; /* "said Leslie Feldman, who waited in an “extraordinarily long line”" */
  for (uint32_t i = a->cue_last + 1; i < open; i++)
    if (tk(c, i)->type == WS__TOK_WORD && outside(tk(c, i)) &&
        !(tk(c, i)->lex & (WS__LEX_FUNCTION_WORDS)) && !(tk(c, i)->flags & WS__TF_CAP) &&
        tk(c, i)->sent != tk(c, a->cue_last)->sent)
      return -1;
  return d->attr;
}

static int32_t attr_entity(ctx *c, int32_t a);

/* True when the quotation opening at token open comes right after the
 * speaker and cue of attribution a and a comma: the second half of "“I love
 * Oreos,” he said, “I will never eat them again” and vowed …". */
static bool right_after_attr(const ctx *c, int32_t a, uint32_t open) {
  const attribution *at = &WS__VEC_AT(&c->attrs, attribution, a);
  uint32_t tail = at->cue_last;
  if (at->has_np && at->np.last > tail)
    tail = at->np.last;
  return open == tail + 2 && is_punct(c, tail + 1, ',');
}

/* A quotation opening its paragraph with no attribution goes on with the
 * utterance of the previous paragraph's last statement: it takes that
 * statement's attribution, so both are one group (the caller marks the
 * draft inherited, so it shows no mention or cue of its own). Returns the
 * attribution, or -1. */
static int32_t inherited_attr(ctx *c, uint32_t open) {
  const ws__token *t = tk(c, open);
  if (!(t->flags & WS__TF_PARA_START) || c->drafts.len == 0 || t->para == 0)
    return -1;
  draft *d = &WS__VEC_AT(&c->drafts, draft, c->drafts.len - 1);
  if (d->attr < 0 || (d->kind == WS_KIND_INDIRECT && attr_entity(c, d->attr) < 0))
    return -1;
  /* The previous statement must be in the paragraph just before. */
  uint32_t prev_para_start = c->doc->tok[c->doc->para_first[t->para - 1]].start;
  if (d->start < prev_para_start)
    return -1;
  if (!attr_at(c, d->attr)->has_np)
    return -1;
  if (!(c->engine->opts.flags & WS_FLAG_ALL_ATTRIBUTIONS))
    return d->attr;
  /* PolNeAR's conventions (--all-attributions) keep such a paragraph a
   * content of its own: a new group with the same speaker. */
  attribution *a = WS__VEC_PUSH(&c->attrs, attribution);
  if (!a)
    return -1;
  const attribution *src = attr_at(c, d->attr);
  a->np = src->np;
  a->has_np = true;
  a->channel = src->channel;
  return (int32_t)(c->attrs.len - 1);
}

/* The end byte of a mixed statement's clause: the quote's closing mark when
 * the sentence ends with it, else the sentence's last token before its
 * final punctuation. */
static uint32_t clause_end(const ctx *c, uint32_t from) {
  uint32_t e = sent_end(c, from);
  while (e > from + 1 && is_terminal(c, e - 1) && outside(tk(c, e - 1)))
    e--; /* A period outside the marks goes; one inside stays. */
  return tk(c, e - 1)->end;
}

/* A mixed clause ends at a closing quotation mark followed by "and" or
 * "but" and a second verb of the speaker: "said the reopening “finally
 * gives the valley what it asked for” and promised to press for a stop". */
static uint32_t mixed_end(const ctx *c, uint32_t f, uint32_t l) {
  for (uint32_t i = f + 1; i + 2 <= l; i++) {
    if (!(tk(c, i)->flags & WS__TF_QCLOSE) || !outside(tk(c, i + 1)) ||
        !(is_word(c, i + 1, "and") || is_word(c, i + 1, "but")))
      continue;
    const ws__token *v = tk(c, i + 2);
    if (is_word(c, i + 1, "but") && i + 3 < c->doc->ntok && (v->lex & PRONOUN_SUBJECTS) &&
        !object_pronoun(c, i + 2) && outside(v) && tk(c, i + 3)->type == WS__TOK_WORD)
      return i; /* "called it “an attack on our country,” but he also noted …" */
    size_t n = v->end - v->start;
    bool past = n > 4 && c->doc->text[v->end - 2] == 'e' && c->doc->text[v->end - 1] == 'd';
    if (v->type == WS__TOK_WORD && !(v->flags & WS__TF_CAP) &&
        ((v->lex & WS__LEX_SPEECH_VERBS) || past))
      return i;
  }
  return l;
}


/* A mixed clause ends at its last closing quotation mark when what follows
 * is no longer the speaker's words but when or where they were said:
 * "criticized the law as a “crazy system” during a campaign stop",
 * "blasted Clinton as a “disgrace” Wednesday", "… “suburbs of St.
 * Petersburg” — a metaphor for …". Returns the new last token. */
static uint32_t mixed_tail(const ctx *c, uint32_t f, uint32_t l) {
  uint32_t i = l;
  while (i > f && !(tk(c, i)->flags & WS__TF_QCLOSE))
    i--;
  if (i <= f || i >= l)
    return l;
  uint32_t n = i + 1;
  for (uint32_t k = n; k <= l; k++)
    if (is_punct(c, k, ';') && outside(tk(c, k)))
      return k - 1; /* "… a ''Medicare for all'' system; Mrs. Clinton aims …": a new clause. */
  uint32_t r = is_punct(c, n, ',') && n + 1 <= l ? n + 1 : n;
  if ((r > n || is_punct(c, i - 1, ',')) && (is_word(c, r, "which") || is_word(c, r, "who")))
    return i; /* "… the “Charleston loophole,” which allows …": the writer's gloss. */
  for (uint32_t k = i - 1; k + 3 <= l; k++) {
    if (k < n && !(k == i - 1 && is_punct(c, k, ',')))
      continue; /* A comma after the last quotation, inside its marks or not. */
    if (!is_punct(c, k, ',') || !(is_word(c, k + 1, "a") || is_word(c, k + 1, "an")) ||
        (tk(c, k + 2)->flags & WS__TF_CAP) || tk(c, k + 2)->type != WS__TOK_WORD ||
        !outside(tk(c, k + 1)))
      continue;
    const ws__token *b = tk(c, k == i - 1 ? i - 2 : k - 1);
    if (b->type == WS__TOK_WORD && (b->flags & WS__TF_CAP))
      continue; /* An apposition to a name: "… met Ada Quist, a former aide". */
    if (k > n + 2 && (is_punct(c, k - 2, ',') || is_punct(c, k - 3, ',')))
      continue; /* The end of an aside: "… was, in fact, a way …". */
    return k == i - 1 ? i : k - 1; /* "… “rigged” against him, a charge that …": the writer's gloss. */
  }
  if (is_dash(c, n) || (tk(c, n)->lex & WS__LEX_WEEKDAYS) || is_word(c, n, "during") ||
      is_word(c, n, "throughout") || is_word(c, n, "yesterday") || is_word(c, n, "earlier") ||
      is_word(c, n, "while"))
    return i; /* Not "in", "at", "on": "“taking a close look” at provisions …" goes on. */
  ws_str ch;
  if (n + 1 <= l && (is_word(c, n, "before") || is_word(c, n, "after")) && ing_word(c, n + 1) &&
      cue_word(c, n + 1))
    return i; /* "… “kept us safe” before claiming that …": a new act of speech. */
  for (uint32_t k = n; k + 1 <= l; k++) {
    bool comma = is_punct(c, k, ',') && outside(tk(c, k));
    uint32_t v = k + comma;
    if (v + 1 <= l && (is_word(c, v, "and") || is_word(c, v, "while")))
      v++;
    if ((comma || v > k) && ing_word(c, v) && cue_word(c, v))
      return k > n ? k - 1 : i; /* "… “outraged” to hear about it, arguing that …": a new act. */
  }
  if (n + 1 <= l && is_word(c, n, "on") &&
      (venue_at(c, n + 1, l + 1, &ch) || date_at(c, n + 1, l + 1, &ch) == l - n))
    return i; /* "… “kept us safe” on Twitter", "… on Tuesday" */
  uint32_t k;
  if (n + 1 <= l && (k = statement_noun_at(c, n, l + 1, &ch)) != 0) {
    uint32_t after = n + k; /* "… in an interview with CNN on Sunday" */
    if (after + 1 <= l && is_word(c, after, "with") && (tk(c, after + 1)->flags & WS__TF_CAP))
      for (after++; after <= l && (tk(c, after)->flags & WS__TF_CAP) && outside(tk(c, after));)
        after++;
    if (after <= l && is_word(c, after, "on"))
      after++;
    if (after == l + 1 || (after <= l && date_at(c, after, l + 1, &ch) == l + 1 - after))
      return i; /* "… “kept us safe” in an interview" */
  }
  return l;
}

/* True for a word that opens a subordinate clause: when, if, because,
 * while, although, though, since, once, unless, whenever, as. All are
 * function words: the class tests first, then the words of the token's
 * length. */
static bool subordinator(const ctx *c, uint32_t s) {
  const ws__token *t = tk(c, s);
  if (!(t->lex & WS__LEX_FUNCTION_WORDS))
    return false;
  switch (t->end - t->start) {
  case 2:
    return is_word(c, s, "if") || is_word(c, s, "as");
  case 4:
    return is_word(c, s, "when") || is_word(c, s, "once");
  case 5:
    return is_word(c, s, "while") || is_word(c, s, "since");
  case 6:
    return is_word(c, s, "though") || is_word(c, s, "unless");
  case 7:
    return is_word(c, s, "because");
  case 8:
    return is_word(c, s, "although") || is_word(c, s, "whenever");
  default:
    return false;
  }
}

/* A cue inside a sentence-opening subordinate clause ("When he says he
 * intends to “pick up delegates” everywhere he can, it would seem …")
 * reports words that end at the clause's comma, where the main clause
 * starts. Returns the last token of [f, l] before that comma, or l. */
static uint32_t subordinate_end(const ctx *c, uint32_t cue, uint32_t f, uint32_t l) {
  uint32_t s = sent_first(c, cue);
  if (!subordinator(c, s))
    return l;
  for (uint32_t i = s; i < cue; i++)
    if (is_punct(c, i, ',') || !outside(tk(c, i)))
      return l;
  for (uint32_t i = f + 1; i <= l; i++) {
    if (is_punct(c, i, ',') && outside(tk(c, i)))
      return i - 1;
    if ((tk(c, i)->flags & WS__TF_QCLOSE) && is_punct(c, i - 1, ',') && i < l)
      return i; /* "While those surveyed said X has the “best experience,” Trump is …" */
  }
  return l;
}

static bool has_quote(const ctx *c, uint32_t f, uint32_t l);

/* The last token of a clause that ends before token i: drops the commas
 * and dashes in between. */
static uint32_t last_before(const ctx *c, uint32_t f, uint32_t i) {
  uint32_t e = i;
  while (e > f + 1 && (is_punct(c, e - 1, ',') || is_dash(c, e - 1)))
    e--;
  return e - 1;
}

/* True when the relative clause after the comma at i closes with a comma
 * and the reported clause goes on with its verb: "her former label Big
 * Machine, which owns her masters, is preventing her …". */
static bool embedded_relative(const ctx *c, uint32_t i, uint32_t l) {
  for (uint32_t k = i + 2; k < l && k - i < 25; k++) {
    if (!outside(tk(c, k)))
      continue;
    if (is_terminal(c, k))
      return false;
    if (!is_punct(c, k, ','))
      continue;
    const ws__token *w = tk(c, k + 1);
    return w->type == WS__TOK_WORD && outside(w) && !(w->flags & WS__TF_CAP) &&
           !coordinator(c, k + 1) && !(w->lex & WS__LEX_FUNCTION_WORDS && !aux_or_adverb(c, k + 1));
  }
  return false;
}

/* True when what follows the comma at i is the writer's, not the speaker's:
 * a gloss (", which forced her to leave", "Ryan, who will face …") or a
 * participle clause (", implicitly putting his name on the line"). */
static bool embedded_relative(const ctx *c, uint32_t i, uint32_t l);

static bool writer_after_comma(const ctx *c, uint32_t i, uint32_t l) {
  if ((is_word(c, i + 1, "which") || is_word(c, i + 1, "who")) && !has_quote(c, i, l))
    return !embedded_relative(c, i, l);
  uint32_t k = i + 1;
  const ws__token *w = tk(c, k);
  if (w->type == WS__TOK_WORD && w->end - w->start > 4 &&
      memcmp(c->doc->text + w->end - 2, "ly", 2) == 0)
    k++; /* ", implicitly putting …" */
  w = tk(c, k);
  return k + 1 <= l && w->type == WS__TOK_WORD && outside(w) && !(w->flags & WS__TF_CAP) &&
         participle(c, k) && !is_word(c, k, "including") && !has_quote(c, k, l) &&
         (tk(c, k + 1)->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_DETERMINERS | PRONOUN_SUBJECTS |
                               WS__LEX_PRONOUNS_NEUTER));
}

/* The cue of a predicate coordinated at the "and" or "but" at i: "… and
 * warned", "… and Democrats accused". Sets *negated for "but did not
 * suggest". UINT32_MAX when there is none. */
static uint32_t coordinated_cue(const ctx *c, uint32_t i, uint32_t l, bool *negated) {
  uint32_t v = i + 1;
  while (v <= l && v < i + 4 && (is_word(c, v, "did") || is_word(c, v, "does") ||
                                 is_word(c, v, "not") || is_word(c, v, "never") ||
                                 is_word(c, v, "didn't") || aux_or_adverb(c, v)))
    v++; /* "… but did not suggest …", "… and repeatedly says …" */
  *negated = v > i + 1 && v <= l && cue_word(c, v);
  if (*negated)
    return v;
  v = i + 1;
  for (uint32_t k = i + 1; k <= l && k <= i + 3 && !cue_word(c, v); k++)
    if (!(tk(c, k)->flags & WS__TF_CAP) && !(tk(c, k)->lex & PRONOUN_SUBJECTS))
      break;
    else if (k + 1 <= l && cue_word(c, k + 1))
      v = k + 1; /* A new subject, then its cue. */
  return v;
}

/* True when the cue at v, found after the conjunction at i, reports in the
 * past or the present: "warned", "said", "notes" (not "saying"). */
static bool reporting_verb(const ctx *c, uint32_t v, uint32_t i, uint32_t l) {
  if (v == UINT32_MAX || v > l || !cue_word(c, v) || participle(c, v) ||
      (tk(c, v)->flags & WS__TF_CAP))
    return false;
  const ws__token *t = tk(c, v);
  size_t n = t->end - t->start;
  const char *x = c->doc->text;
  return (n > 3 && x[t->end - 2] == 'e' && x[t->end - 1] == 'd') || is_word(c, v, "said") ||
         is_word(c, v, "told") || is_word(c, v, "wrote") ||
         (n > 3 && x[t->end - 1] == 's' && v > i + 1);
}

/* A reported clause [f, l] ends before a second speech verb of the
 * speaker or a new clause that reports again: "said it was opposed to the
 * test and warned North Korea …", "…, though she noted …". Returns the new
 * last token (l when nothing cuts). */
static uint32_t second_predicate(const ctx *c, uint32_t f, uint32_t l) {
  for (uint32_t i = f + 2; i + 1 <= l; i++) {
    const ws__token *t = tk(c, i);
    if (t->type == WS__TOK_WORD && !(t->lex & WS__LEX_FUNCTION_WORDS) && !(t->flags & WS__TF_QCLOSE))
      continue; /* Most words: each test below needs a closing mark, a comma, a
                 * dash or a conjunction (a function word) at i. */
    uint32_t n = i + 1; /* The word after the closing mark, past the second ' of ''. */
    if (n <= l && (tk(c, n)->flags & WS__TF_QCLOSE) && tk(c, n)->start == tk(c, i)->end)
      n++;
    if ((tk(c, i)->flags & WS__TF_QCLOSE) && is_punct(c, i - 1, ',') && n <= l &&
        outside(tk(c, n)) && !(tk(c, n)->flags & WS__TF_CAP) &&
        ((participle(c, n) && (cue_word(c, n) || is_word(c, n, "referring"))) ||
         is_word(c, n, "although") || is_word(c, n, "though") || is_word(c, n, "whereas")))
      return n - 1; /* "… “New York values,” stating during the debate …": a new clause. */
    if (!outside(tk(c, i)))
      continue;
    if (is_punct(c, i, ',')) {
      if (i + 2 <= l && writer_after_comma(c, i, l))
        return i - 1;
      continue;
    }
    if (is_dash(c, i) && tk(c, i)->end - tk(c, i)->start == 3 && i + 1 <= l &&
        (tk(c, i + 1)->lex & WS__LEX_DETERMINERS) && !(tk(c, i + 1)->flags & WS__TF_CAP) &&
        i > f && (tk(c, i - 1)->type == WS__TOK_WORD || (tk(c, i - 1)->flags & WS__TF_QCLOSE)))
      return last_before(c, f, i); /* "… “encouraged” by the plan — a modest boost for …": the writer's gloss. */
    uint32_t v = UINT32_MAX;
    if (is_word(c, i, "and") || is_word(c, i, "but")) {
      bool negated;
      v = coordinated_cue(c, i, l, &negated);
      if (negated)
        return last_before(c, f, i);
      if (i > f && i + 1 <= l && (tk(c, i - 1)->flags & WS__TF_QCLOSE) &&
          mixed_end(c, i - 2, i + 1) == i - 1)
        return i - 1; /* "… “a con” and encouraged Americans to …": a new act. */
    } else if (is_word(c, i, "though") || is_word(c, i, "although") || is_word(c, i, "while")) {
      for (uint32_t k = i + 1; k <= l && k <= i + 3 && v == UINT32_MAX; k++)
        if (cue_word(c, k))
          v = k;
    }
    if (reporting_verb(c, v, i, l))
      return last_before(c, f, i);
  }
  return l;
}

/* The first token of unquoted words that open the sentence of a quotation
 * attributed after it: in "Trump and Clinton have “very different goals,”
 * Silverman said" they are Silverman's paraphrase, and the statement is
 * mixed. UINT32_MAX when the quotation opens its sentence, when fewer than
 * two words come before it, or when they hold a cue (unless a clause of
 * their own, after ", and", ", but" or ";", follows it) or another
 * quotation. */
static uint32_t clause_before_quote(const ctx *c, uint32_t open) {
  uint32_t s = sent_first(c, open);
  uint32_t para = c->doc->para_first[tk(c, open)->para];
  if (s < para)
    s = para;
  if (open > s && (is_dash(c, open - 1) || is_punct(c, open - 1, '(')))
    return UINT32_MAX; /* "… to Mexico – “I love Oreos,” he said": the dash sets the quotation apart. */
  uint32_t words = 0;
  bool blocked = false;
  for (uint32_t i = s; i < open; i++) {
    const ws__token *t = tk(c, i);
    int32_t tq = (t->flags & WS__TF_QOPEN) && i + 1 < open ? tk(c, i + 1)->quote : -1;
    if (tq >= 0 && quote_at(c, tq)->closed && c->quote_draft[tq] < 0 &&
        (looks_like_term(c, quote_at(c, tq)) ||
         (i > s && quote_at(c, tq)->next_part < 0 && quote_at(c, tq)->prev_part < 0)) &&
        mark_close(c, quote_at(c, tq)) < open) {
      i = mark_close(c, quote_at(c, tq)); /* "words like “maybe” and “perhaps”, he told";
                                           * "Guns are “the ultimate …” and “stunt …,” Dean proclaimed" */
      words++;
      continue;
    }
    if (!outside(t) || (t->flags & WS__TF_QOPEN))
      return UINT32_MAX;
    if (blocked && i + 1 < open &&
        (is_punct(c, i, ';') ||
         (is_punct(c, i, ',') && (is_word(c, i + 1, "and") || is_word(c, i + 1, "but"))))) {
      /* "… they are asked to rank their choices, and the panel is less
       * likely to be “overrun …,” Hoover said": a clause of its own after
       * the one that holds another cue. */
      s = i + 1 + !is_punct(c, i, ';');
      i = s - 1;
      blocked = false, words = 0;
      continue;
    }
    if (cue_word(c, i) || c->used[i] || is_punct(c, i, ':'))
      blocked = true;
    words += t->type == WS__TOK_WORD;
  }
  return words >= 2 && !blocked ? s : UINT32_MAX;
}

/* True when the sentence of quotation q goes on after its closing mark
 * with unquoted words and a cue of its own ("“Boots on the ground” would be
 * appropriate, Ben Carson said"): the reported pass attributes it, not the
 * previous paragraph's speaker. */
static bool cue_later(const ctx *c, const ws__quote *q) {
  if (q->close < 0)
    return false;
  uint32_t i = (uint32_t)q->close + 1, e = sent_end(c, (uint32_t)q->close);
  if (i >= e || !outside(tk(c, i)) || is_terminal(c, i))
    return false;
  for (; i < e; i++)
    if (cue_word(c, i) && !c->used[i])
      return true;
  return false;
}

/* Attributes one outermost quotation q (and its continuation parts). */
static ws_status add_reported(ctx *c, uint32_t f, uint32_t l, int32_t a, double conf);
static uint32_t skip_frame(const ctx *c, uint32_t s, uint32_t limit);
static uint32_t dateline_end(const ctx *c, uint32_t s, uint32_t cue);

/* Finds the first half of an interrupted sentence whose second half starts
 * at token from, the quotation q's opening mark or a clause that leads to
 * it: "The club's investment, Ms. Tanzer said, “is a perfect example of
 * adapting” to the economics of golf.", "The weapons his country has, he
 * added, are like “nuclear bombs you can't use.”" The cue of attribution a
 * must sit between commas right before from, and the second half must open
 * with a lower-case word. Sets [*f, *l] to the first half's tokens and
 * returns true, or returns false. */
static bool interrupted_first_half(ctx *c, int32_t a, const ws__quote *q, uint32_t from,
                                   uint32_t *f, uint32_t *l) {
  uint32_t open = mark_open(c, q);
  const attribution *at = attr_at(c, a);
  if (!at->has_np || from < 4 || from > open || !is_punct(c, from - 1, ',') ||
      q->next_part >= 0 || !q->closed)
    return false;
  const ws__token *w = tk(c, from == open ? (uint32_t)q->first : from);
  if (w->type != WS__TOK_WORD || (w->flags & WS__TF_CAP))
    return false;
  uint32_t head = at->np.first < at->cue_first ? at->np.first : at->cue_first;
  uint32_t tail = at->np.last > at->cue_last ? at->np.last : at->cue_last;
  if (tail + 2 != from || head < 2 || !is_punct(c, head - 1, ','))
    return false;
  uint32_t s = skip_frame(c, sent_first(c, open), head);
  if (head < s + 4)
    return false;
  for (uint32_t i = s; i < head - 1; i++)
    if (!outside(tk(c, i)) || c->used[i])
      return false;
  *f = s, *l = head - 2;
  return true;
}

/* "Kasich resisted: “…”", also when the quotation opens the next
 * paragraph: a past-tense verb that the lexicon does not list, right after
 * its subject and right before a colon that introduces the quotation at
 * token open. Returns the attribution or -1. */
static int32_t colon_unlisted(ctx *c, uint32_t open) {
  if (open < 3 || !is_punct(c, open - 1, ':') || !outside(tk(c, open - 1)))
    return -1;
  uint32_t v = open - 2;
  if (!ed_word(c, v) || !outside(tk(c, v)) || cue_word(c, v) || c->used[v])
    return -1;
  uint32_t floor = sent_first(c, v);
  if (floor < c->doc->para_first[tk(c, v)->para])
    floor = c->doc->para_first[tk(c, v)->para];
  ws__np np;
  if (v <= floor || !subject_before_cue(c, v, floor, &np) || np.last + 1 != v)
    return -1; /* The subject stands right before the verb: "The governor demurred:". */
  return new_attr(c, &np, v, v);
}

/* True when the cue of attribution a is a verb of naming (lemma "call",
 * "label", "dub", "brand"), whose object and its quoted complement are the
 * whole of what is reported: "called Cruz the “ultimate hypocrite”". */
static bool naming_cue(const ctx *c, const attribution *a) {
  if (!a->has_cue)
    return false;
  const ws__token *t = tk(c, a->cue_last);
  const ws__lex_entry *e = ws__lex_find(c->doc->text + t->start, t->end - t->start);
  if (!e || !(e->classes & WS__LEX_SPEECH_VERBS) || !e->lemma || e->lemma >= ws__lex_lemma_count)
    return false;
  const char *l = ws__lex_lemmas[e->lemma];
  return !strcmp(l, "call") || !strcmp(l, "label") || !strcmp(l, "dub") || !strcmp(l, "brand");
}

/* The last quotation of the quoted complement of a verb of naming whose
 * first quotation is q: q, or a quotation joined to it by "and" or "or"
 * ("called it “meritless” and “improper”", "a “fascist” and a
 * “Stalinist”"). */
static const ws__quote *naming_end(const ctx *c, const ws__quote *q) {
  uint32_t k = mark_close(c, q);
  for (;;) {
    uint32_t i = k + 1;
    bool comma = is_punct(c, (uint32_t)q->close - 1, ',');
    if (i < c->doc->ntok && is_punct(c, i, ',') && outside(tk(c, i)))
      i++, comma = true;
    if (i + 1 < c->doc->ntok && (is_word(c, i, "and") || is_word(c, i, "or")))
      i++;
    else if (!comma || i + 1 >= c->doc->ntok)
      return q;
    if (i + 1 < c->doc->ntok && (tk(c, i)->lex & WS__LEX_DETERMINERS) && outside(tk(c, i)))
      i++;
    if (!(tk(c, i)->flags & WS__TF_QOPEN))
      return q;
    uint32_t in = i;
    while (in + 1 < c->doc->ntok && in < i + 2 && tk(c, in)->quote < 0)
      in++; /* Past the mark, both 's of ''. */
    if (tk(c, in)->quote < 0)
      return q;
    const ws__quote *r = &c->doc->quotes[tk(c, in)->quote];
    if (!r->closed || r->close < 0 || r->next_part >= 0)
      return q;
    q = r, k = mark_close(c, r);
  }
}

/* True when the words after the quoted complement ending with quotation q
 * are no longer the speaker's: ", linking to …", "and made no mention …",
 * ", an extraordinary indictment". Prepositions and "because", "who" … go
 * on ("a “rush to judgment,” because …"), as PolNeAR keeps them. */
static bool naming_stops(const ctx *c, const ws__quote *q) {
  uint32_t n = mark_close(c, q) + 1;
  bool comma = is_punct(c, (uint32_t)q->close - 1, ',');
  if (n < c->doc->ntok && is_punct(c, n, ',') && outside(tk(c, n)))
    n++, comma = true;
  if (n + 1 >= c->doc->ntok || !outside(tk(c, n)))
    return false;
  if (is_word(c, n, "and") || is_word(c, n, "but"))
    return ed_word(c, n + 1) || (tk(c, n + 1)->lex & PRONOUN_SUBJECTS) ||
           is_word(c, n + 1, "his") || is_word(c, n + 1, "her") || is_word(c, n + 1, "their");
  return comma && (ing_word(c, n) || (tk(c, n)->lex & WS__LEX_DETERMINERS));
}

/* True when quotation q is a nickname inside a name: a capitalised term
 * right between a first name or initial and a surname, with no
 * punctuation ("Gov. C.L. “Butch” Otter", "John “Tig” Tiegen"). */
static bool nickname_in_name(const ctx *c, const ws__quote *q) {
  if (!looks_like_term(c, q) || q->close < 0 || q->first > q->last || mark_open(c, q) == 0 ||
      q->next_part >= 0)
    return false;
  uint32_t b = mark_open(c, q) - 1, n = mark_close(c, q) + 1;
  if (n >= c->doc->ntok || tk(c, n)->sent != tk(c, b)->sent)
    return false;
  const ws__token *pt = tk(c, b), *nt = tk(c, n), *ft = tk(c, q->first), *lt = tk(c, q->last);
  if (pt->type != WS__TOK_WORD || nt->type != WS__TOK_WORD || !(pt->flags & WS__TF_CAP) ||
      !(nt->flags & WS__TF_CAP) || !(ft->flags & WS__TF_CAP) || lt->type != WS__TOK_WORD ||
      !outside(pt) || !outside(nt))
    return false;
  if ((pt->lex | nt->lex) & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_BELIEF_VERBS))
    return false; /* Not "Trump Says “Great” Things", "The “Axe” Falls". */
  return !title_case_headline(c, b);
}

/* True when term-like quotation q modifies the noun after it inside a noun
 * phrase: an article or a possessive before it, a lower-case noun right
 * after its closing mark ("the “Pose” actor said", "Some in the “Bernie
 * or Bust” crowd suggest"). A name or a title, not words of a speaker. */
static bool term_in_noun_phrase(const ctx *c, const ws__quote *q) {
  if (!looks_like_term(c, q) || q->close < 0 || q->next_part >= 0 || mark_open(c, q) == 0 ||
      q->first > q->last || !(tk(c, q->first)->flags & WS__TF_CAP) || is_terminal(c, q->last) ||
      is_punct(c, q->last, ','))
    return false;
  uint32_t b = mark_open(c, q) - 1, n = mark_close(c, q) + 1;
  if (n + 1 >= c->doc->ntok || tk(c, n)->sent != tk(c, b)->sent || !outside(tk(c, b)))
    return false;
  const ws__token *pt = tk(c, b), *nt = tk(c, n);
  if (!(is_word(c, b, "the") || is_word(c, b, "a") || is_word(c, b, "an") || possessive_word(c, b)) ||
      (pt->flags & WS__TF_CAP))
    return false;
  return nt->type == WS__TOK_WORD && outside(nt) && !(nt->flags & WS__TF_CAP) &&
         !(nt->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_AUX_ADVERBS | PRONOUN_SUBJECTS)) &&
         !cue_word(c, n);
}

static bool relative_speaker(const ctx *c, const attribution *a);
static ws_status direct_quote(ctx *c, int32_t qi) {
  const ws__quote *q = quote_at(c, qi);
  bool keep_all = c->engine->opts.flags & WS_FLAG_KEEP_UNATTRIBUTED;
  if (q->prev_part >= 0 && c->quote_draft[q->prev_part] >= 0) {
    draft *prev = &WS__VEC_AT(&c->drafts, draft, c->quote_draft[q->prev_part]);
    int32_t a = prev->attr;
    int32_t d = add_draft(c, WS_KIND_DIRECT, q->start, q->end, a, prev->conf);
    if (d == -2)
      return WS_ERR_NOMEM;
    c->quote_draft[qi] = d;
    return WS_OK;
  }
  if (q->prev_part >= 0)
    return WS_OK; /* The chain's first part decided: not a statement. */
  if (nickname_in_name(c, q) && !keep_all)
    return WS_OK;
  double conf = 0.95;
  int32_t a = -1;
  uint32_t mixed_from = UINT32_MAX;
  bool inherited = false;
  const ws__quote *last = q;
  while (last->next_part >= 0)
    last = quote_at(c, last->next_part);
  if (last->close >= 0 && !title_after_preposition(c, q) && !title_after_document(c, q) &&
      !term_in_noun_phrase(c, q))
    a = attribution_after(c, mark_close(c, last)); /* Not "the “Pose” actor said" */
  if (a < 0 && last->close >= 0 && !looks_like_term(c, q))
    a = unlisted_tag(c, mark_close(c, last));
  bool after = a >= 0;
  if (after && q->next_part < 0)
    mixed_from = clause_before_quote(c, mark_open(c, q));
  uint32_t half_f = 0, half_l = 0;
  bool interrupted = false;
  if (a < 0 && !term_after_cue(c, q) &&
      (a = attribution_before(c, mark_open(c, q), &mixed_from)) >= 0) {
    conf = 0.9;
    interrupted = interrupted_first_half(
        c, a, q, mixed_from == UINT32_MAX ? mark_open(c, q) : mixed_from, &half_f, &half_l);
  }
  if (a < 0 && (a = colon_intro(c, mark_open(c, q))) >= 0)
    conf = 0.9;
  if (a < 0 && (a = colon_unlisted(c, mark_open(c, q))) >= 0)
    conf = 0.85;
  if (a < 0 && !term_after_cue(c, q)) {
    a = continued_attr(c, mark_open(c, q));
    if (a >= 0 && cue_later(c, q) && !right_after_attr(c, a, mark_open(c, q)))
      a = -1;
    if (a >= 0)
      conf = 0.85;
  }
  if (a < 0 && !looks_like_term(c, q) && !cue_later(c, q) &&
      (a = inherited_attr(c, mark_open(c, q))) >= 0)
    conf = 0.7, inherited = true;
  if (a < 0 && !(keep_all && !looks_like_term(c, q)))
    return WS_OK;
  if (a >= 0)
    handle_addressee(c, attr_at(c, a), q);
  ws_kind kind = WS_KIND_DIRECT;
  uint32_t start = q->start, end = q->end;
  if (mixed_from != UINT32_MAX) {
    kind = WS_KIND_MIXED;
    if ((c->engine->opts.flags & WS_FLAG_ALL_ATTRIBUTIONS) && mixed_from > 0 &&
        is_word(c, mixed_from - 1, "that") && outside(tk(c, mixed_from - 1)))
      mixed_from--; /* PolNeAR's content keeps "that". */
    start = tk(c, mixed_from)->start;
    end = after ? tk(c, mark_close(c, q))->end : clause_end(c, mark_open(c, q));
    if (end < q->end)
      end = q->end;
    if (last->close >= 0 && mixed_end(c, (uint32_t)last->close - 1, (uint32_t)last->close + 2) ==
                                (uint32_t)last->close)
      end = tk(c, (uint32_t)last->close)->end; /* "… asking for” and promised …" */
    uint32_t lt = mark_open(c, q);
    while (lt + 1 < c->doc->ntok && tk(c, lt + 1)->end <= end)
      lt++;
    uint32_t cut = second_predicate(c, mixed_from, lt);
    if (tk(c, cut)->end >= last->end)
      end = tk(c, cut)->end; /* "said it was “resolutely opposed” to the test and warned …" */
    while (lt > mixed_from && tk(c, lt)->end > end)
      lt--;
    uint32_t tail = mixed_tail(c, mixed_from, lt);
    if (tail == lt && a >= 0 && attr_at(c, a)->has_cue)
      tail = subordinate_end(c, attr_at(c, a)->cue_first, mixed_from, lt);
    if (tail != lt && tk(c, tail)->end >= last->end) {
      end = tk(c, tail)->end;
      if (a >= 0)
        scan_venue(c, attr_at(c, a), tail + 1, lt + 1); /* "… on Tuesday": the date. */
    }
  }
  if (kind == WS_KIND_MIXED && !after && a >= 0 && q == last && q->close >= 0 &&
      naming_cue(c, attr_at(c, a)) && attr_at(c, a)->cue_last < mark_open(c, q) &&
      tk(c, mark_close(c, naming_end(c, q)))->end < end && naming_stops(c, naming_end(c, q)))
    end = tk(c, mark_close(c, naming_end(c, q)))->end; /* "called Cruz the “ultimate hypocrite,” linking to …" */
  if (kind == WS_KIND_MIXED && a >= 0 && relative_speaker(c, attr_at(c, a)) && last->close >= 0 &&
      (is_punct(c, (uint32_t)last->close - 1, ',') || is_punct(c, mark_close(c, last) + 1, ',')) &&
      end > tk(c, mark_close(c, last))->end)
    end = tk(c, mark_close(c, last))->end; /* "Trump, who called it “insanity,” and Sanders …" */
  if (kind == WS_KIND_MIXED && start == tk(c, mark_open(c, q))->start &&
      last->close >= 0 && end == tk(c, mark_close(c, last))->end)
    kind = WS_KIND_DIRECT, start = q->start, end = q->end; /* The clause was the quotation. */
  if (interrupted && mixed_from == UINT32_MAX) {
    uint32_t e = clause_end(c, mark_open(c, q));
    if (e > end)
      kind = WS_KIND_MIXED, start = tk(c, mark_open(c, q))->start, end = e;
  }
  int32_t d = add_draft(c, kind, start, end, a, a >= 0 ? conf : 0.4);
  if (d == -2)
    return WS_ERR_NOMEM;
  WS__VEC_AT(&c->drafts, draft, d).inherited = inherited;
  c->quote_draft[qi] = d;
  return interrupted ? add_reported(c, half_f, half_l, a, conf) : WS_OK;
}

/* ---- Reported speech ----------------------------------------------------- */

/* Skips a sentence-opening frame that is not part of the reported clause:
 * "It comes as ICE has deported …". Returns the first content token. */
static uint32_t skip_frame(const ctx *c, uint32_t s, uint32_t limit) {
  if (s + 3 < limit && (is_word(c, s, "it") || is_word(c, s, "this") || is_word(c, s, "that")) &&
      (is_word(c, s + 1, "comes") || is_word(c, s + 1, "came")) &&
      (is_word(c, s + 2, "as") || is_word(c, s + 2, "after") || is_word(c, s + 2, "amid")))
    return s + 3;
  return s;
}

/* The last content token of a sentence [s, e): drops final punctuation. */
static uint32_t content_last(const ctx *c, uint32_t s, uint32_t e) {
  while (e > s + 1 && (is_terminal(c, e - 1) || is_punct(c, e - 1, ',') ||
                       is_punct(c, e - 1, ':') || is_punct(c, e - 1, ';')))
    e--;
  return e - 1;
}

/* True when [f, l] holds a quotation mark (the clause is mixed). */
static bool has_quote(const ctx *c, uint32_t f, uint32_t l) {
  for (uint32_t i = f; i <= l; i++)
    if (!outside(tk(c, i)))
      return true;
  return false;
}

/* True when token i is a double quotation mark that pairs with nothing (a
 * stray mark, as scraped pages leave at the start of a paragraph). */
static bool stray_double(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  if (t->type != WS__TOK_QUOTE || !outside(t))
    return false;
  const unsigned char *s = (const unsigned char *)c->doc->text + t->start;
  return s[0] == '"' || (t->end - t->start == 3 && s[0] == 0xE2 && s[1] == 0x80 &&
                         (s[2] == 0x9C || s[2] == 0x9D));
}

/* Adds an indirect (or mixed) statement over tokens [f, l]. */
/* True when draft d is a mixed statement inside the reported words [f, l]
 * whose cue is a participle among those words: "Mook told CBS that the
 * campaign expects Holt to insert himself by calling out Trump for his
 * supposed “lies”" reports Mook's words, which hold the quoted phrase; the
 * outer statement takes the inner one's place. */
static bool nested_phrase(const ctx *c, int32_t d, uint32_t f, uint32_t l) {
  const draft *x = &WS__VEC_AT(&c->drafts, draft, d);
  if (x->kind != WS_KIND_MIXED || x->attr < 0 || x->start < tk(c, f)->start ||
      x->end > tk(c, l)->end)
    return false;
  const attribution *a = &WS__VEC_AT(&c->attrs, attribution, x->attr);
  return a->has_cue && a->cue_first > f && a->cue_first <= l && participle(c, a->cue_first) &&
         !is_punct(c, a->cue_first - 1, ','); /* Not "…, saying instead he was “…”". */
}

/* True when an attribution's speaker mention is the "who" of a relative
 * clause after a comma ("Petit, who said …, stayed"): its words end at the
 * clause's closing comma. */
static bool relative_speaker(const ctx *c, const attribution *a) {
  return a->has_np && a->np.first == a->np.last && a->np.first > 0 &&
         is_word(c, a->np.first, "who") && is_punct(c, a->np.first - 1, ',');
}

static ws_status add_reported(ctx *c, uint32_t f, uint32_t l, int32_t a, double conf) {
  if (a < 0)
    return WS_ERR_NOMEM;
  while (f < l && (stray_double(c, f) || is_punct(c, f, '(')))
    f++; /* A stray mark or an opening bracket is not part of the reported words. */
  while (l > f && stray_double(c, l))
    l--;
  bool all = c->engine->opts.flags & WS_FLAG_ALL_ATTRIBUTIONS;
  if (l < f || (l - f < 2 && !all))
    return WS_OK; /* PolNeAR's stances may be short: "mentioned Machado". */
  l = second_predicate(c, f, l);
  if (a < (int32_t)c->attrs.len && relative_speaker(c, attr_at(c, a)))
    for (uint32_t i = f + 2; i < l; i++)
      if (is_punct(c, i, ',') && outside(tk(c, i))) {
        l = i - 1; /* "Petit, who said the ferry would never close, stayed silent" */
        break;
      }
  for (uint32_t i = f + 2; i < l; i++)
    if (is_punct(c, i, ',') && outside(tk(c, i)) && participle(c, i + 1) && cue_word(c, i + 1)) {
      l = i - 1; /* "said the schedule was not rushed, saying instead …": a second cue. */
      break;
    }
  if (a < (int32_t)c->attrs.len && attr_at(c, a)->has_cue)
    l = subordinate_end(c, attr_at(c, a)->cue_first, f, l);
  if (l < f || (l < f + 2 && !all))
    return WS_OK;
  ws_kind kind = has_quote(c, f, l) ? WS_KIND_MIXED : WS_KIND_INDIRECT;
  if (kind == WS_KIND_MIXED)
    l = mixed_tail(c, f, mixed_end(c, f, l));
  int32_t nested = -1;
  for (uint32_t i = f; i <= l; i++) {
    int32_t d = tk(c, i)->quote >= 0 ? c->quote_draft[tk(c, i)->quote] : -1;
    if (d >= 0 && (d == nested || (nested < 0 && nested_phrase(c, d, f, l)))) {
      nested = d;
      continue;
    }
    if (d >= 0 || (c->used[i] & 2))
      return WS_OK; /* Already a statement. */
  }
  if (all && f > 0 && is_word(c, f - 1, "that") && outside(tk(c, f - 1)) && !c->used[f - 1] &&
      !(f > 1 && is_word(c, f - 2, "so")))
    f--; /* PolNeAR's content keeps "that"; whosaid's contract does not. */
  if (nested >= 0) {
    draft *d = &WS__VEC_AT(&c->drafts, draft, nested); /* It becomes the outer statement. */
    d->kind = kind, d->start = tk(c, f)->start, d->end = tk(c, l)->end, d->attr = a;
    d->conf = conf, d->inherited = false;
  } else if (add_draft(c, kind, tk(c, f)->start, tk(c, l)->end, a, conf) == -2)
    return WS_ERR_NOMEM;
  for (uint32_t i = f; i <= l; i++)
    c->used[i] |= 2; /* Words of a statement: no cue, no second statement. */
  return WS_OK;
}

/* ---- Learned reported speech -------------------------------------------- */

/* True when a token range has a token that a statement or a cue took. */
static bool range_taken(const ctx *c, ws__range r) {
  for (uint32_t i = r.first; i <= r.last && i < c->doc->ntok; i++)
    if (c->used[i] || (tk(c, i)->quote >= 0 && c->quote_draft[tk(c, i)->quote] >= 0))
      return true;
  return false;
}

/* True when a triple is speech as whosaid reports it: the cue holds a
 * reporting verb (PolNeAR also marks beliefs, perceptions and actions:
 * "expressed opposition", "has previously addressed") and is not passive
 * ("has been noted"), and the content is a clause or a quotation, not a
 * short object ("questioned the agency's actions"). */
static bool speech_triple(const ctx *c, const ws__triple *t) {
  bool verb = false, bare = false;
  for (uint32_t i = t->cue.first; i <= t->cue.last; i++) {
    if (is_word(c, i, "been") || is_word(c, i, "being"))
      return false;
    verb = verb || (tk(c, i)->lex & (WS__LEX_SPEECH_VERBS | WS__LEX_SOCIAL_VERBS));
    bare = bare || (tk(c, i)->lex & WS__LEX_CLAUSE_VERBS) ||
           (is_word(c, i, "according") && i < t->cue.last);
  }
  if (!(verb || bare) || t->n_pieces == 0)
    return false;
  uint32_t words = 0;
  for (unsigned k = 0; k < t->n_pieces; k++)
    for (uint32_t i = t->piece[k].first; i <= t->piece[k].last; i++)
      words += tk(c, i)->type == WS__TOK_WORD || tk(c, i)->type == WS__TOK_NUMBER;
  if (t->content_that || has_quote(c, t->piece[0].first, t->piece[0].last))
    return true; /* "argued that …", "called it “…”" */
  return bare && words >= 4; /* "said the bill would pass", "according to …" */
}

/* True when a speaker phrase names someone who can speak: a person or an
 * organisation, a pronoun, or a description headed by a title or a group
 * ("a spokeswoman", "officials"). "Banners read …" is no speech. */
static bool speaker_like(const ctx *c, const ws__np *np) {
  if (!np)
    return false;
  if (np->entity >= 0 || np->pronoun)
    return true;
  for (uint32_t i = np->first; i <= np->last && i < c->doc->ntok; i++)
    if (tk(c, i)->lex & (WS__LEX_TITLES | WS__LEX_GROUP_NOUNS | WS__LEX_ORG_WORDS |
                         WS__LEX_OUTLETS))
      return true;
  return false;
}

/* Adds one attribution the tagger found: its speaker phrase is parsed and
 * resolved like the rules' ones; its content pieces become statements of
 * one group, without a leading "that" and final punctuation. */
/* With --all-attributions, a triple whose cue the rules already took (for a
 * quotation) lends that attribution its source span, which follows
 * PolNeAR's conventions ("Trump, who …"), when it overlaps the rules' one.
 * (Its cue span too was measured: it lowered cue F1.) */
static void adopt_spans(ctx *c, const ws__triple *t) {
  for (size_t k = c->attrs.len; k-- > 0;) {
    attribution *a = &WS__VEC_AT(&c->attrs, attribution, k);
    if (!a->has_cue || a->cue_last < t->cue.first || a->cue_first > t->cue.last)
      continue;
    if (a->has_np && t->has_source && a->np.first <= t->source.last &&
        t->source.first <= a->np.last)
      a->np.first = t->source.first, a->np.last = t->source.last,
      memset(c->subjects, 0, sizeof c->subjects); /* Speakers subject_before_cue may read. */
    return;
  }
}

static ws_status add_triple(ctx *c, const ws__triple *t) {
  if (range_taken(c, t->cue) && (c->engine->opts.flags & WS_FLAG_ALL_ATTRIBUTIONS) &&
      c->used[t->cue.first])
    adopt_spans(c, t);
  if (range_taken(c, t->cue) ||
      (!(c->engine->opts.flags & WS_FLAG_ALL_ATTRIBUTIONS) && !speech_triple(c, t)))
    return WS_OK;
  for (unsigned k = 0; k < t->n_pieces; k++)
    if (range_taken(c, t->piece[k]))
      return WS_OK;
  ws__np np;
  bool has_np = false;
  if (t->has_source && !range_taken(c, t->source)) {
    has_np = ws__np_before(&c->people, t->source.last, t->source.first, &np) &&
             np.first >= t->source.first;
    if (has_np)
      np.first = t->source.first;
    else
      source_span(c, t->source.first, t->source.last + 1, &np), has_np = true;
    if (c->engine->opts.flags & WS_FLAG_ALL_ATTRIBUTIONS)
      np.last = t->source.last; /* PolNeAR's source keeps relative clauses. */
  }
  if (!(c->engine->opts.flags & WS_FLAG_ALL_ATTRIBUTIONS) && !speaker_like(c, has_np ? &np : NULL))
    return WS_OK;
  int32_t a = new_attr(c, has_np ? &np : NULL, t->cue.first, t->cue.last);
  if (a < 0)
    return WS_ERR_NOMEM;
  uint32_t lim = t->cue.last + 1 + MAX_COMPLEMENT;
  scan_venue(c, attr_at(c, a), t->cue.first, lim < c->doc->ntok ? lim : (uint32_t)c->doc->ntok);
  double conf = t->confidence < 0.05 ? 0.05 : t->confidence > 0.95 ? 0.95 : t->confidence;
  for (unsigned k = 0; k < t->n_pieces; k++) {
    uint32_t f = t->piece[k].first, l = t->piece[k].last;
    if (k == 0 && t->content_that && f < l && !(c->engine->opts.flags & WS_FLAG_ALL_ATTRIBUTIONS))
      f++; /* PolNeAR's content keeps "that"; whosaid's contract does not. */
    while (l > f && (is_terminal(c, l) || is_punct(c, l, ',') || is_punct(c, l, ';') ||
                     is_punct(c, l, ':')) && outside(tk(c, l)))
      l--;
    ws_status st = add_reported(c, f, l, a, conf);
    if (st != WS_OK)
      return st;
  }
  return WS_OK;
}

/* Runs the learned tagger when the engine was asked to (WS_FLAG_MODEL or
 * WS_FLAG_ALL_ATTRIBUTIONS) and adds the reported speech it finds where the
 * rules found none. */
static ws_status learned_reported(ctx *c) {
  unsigned f = c->engine->opts.flags;
  if ((f & (WS_FLAG_NO_MODEL | WS_FLAG_NO_INDIRECT)) ||
      !(f & (WS_FLAG_MODEL | WS_FLAG_ALL_ATTRIBUTIONS)))
    return WS_OK;
  const ws__model *m = ws__model_builtin();
  if (!m)
    return WS_OK;
  ws__vec triples;
  ws__vec_init(&triples, sizeof(ws__triple));
  ws_status st = ws__tagger_find(m, c->doc, &triples);
  for (size_t k = 0; st == WS_OK && k < triples.len; k++)
    st = add_triple(c, &WS__VEC_AT(&triples, ws__triple, k));
  ws__vec_free(&triples);
  return st;
}

/* Makes the words [f, e) a speaker phrase: the entity named in it (the last
 * one: "its president, Carol Danvers-Lee"), else an unnamed description. */
static void source_span(ctx *c, uint32_t f, uint32_t e, ws__np *np) {
  memset(np, 0, sizeof *np);
  np->first = f, np->last = e - 1;
  np->entity = -1;
  for (uint32_t k = e; k-- > f && np->entity < 0;) {
    int32_t m = ws__mention_entity_at(&c->people, k);
    uint32_t s = k;
    while (m >= 0 && s > f && ws__mention_entity_at(&c->people, s - 1) == m)
      s--;
    if (m >= 0 && s > f && (is_word(c, s - 1, "in") || is_word(c, s - 1, "from") ||
                            is_word(c, s - 1, "at") || is_word(c, s - 1, "of") ||
                            is_word(c, s - 1, "near")))
      m = -1; /* "a fan in Porto" is not Porto. */
    np->entity = m;
    k = s;
  }
  if (np->entity < 0 && (tk(c, f)->lex & (WS__LEX_PRONOUNS_NEUTER | WS__LEX_PRONOUNS_PLURAL)) &&
      e == f + 1) {
    ws__np_before(&c->people, f, f, np); /* "according to it" */
    return;
  }
  np->has_role = np->entity < 0;
  np->role_first = f, np->role_last = e - 1;
}

/* "according to X, …" and "…, according to X." in sentence [s, e). */
/* True for the period of an abbreviation inside its sentence: "Mrs.",
 * "Gov.", "U.S." before more words. */
static bool abbreviation_period(const ctx *c, uint32_t i) {
  return is_punct(c, i, '.') && i > 0 && i + 1 < c->doc->ntok &&
         tk(c, i - 1)->end == tk(c, i)->start && tk(c, i + 1)->sent == tk(c, i)->sent &&
         (tk(c, i - 1)->lex & (WS__LEX_HONORIFICS | WS__LEX_HONORIFICS_MALE |
                               WS__LEX_HONORIFICS_FEMALE | WS__LEX_ABBREVIATIONS));
}

static size_t first_cand(ctx *c, uint32_t s);
static uint32_t parenthetical_end(const ctx *c, uint32_t i, uint32_t np_end);

/* True for a determiner ("the", "a", "its"): what opens an apposition. */
static bool determiner_word(const ctx *c, uint32_t i) {
  return (tk(c, i)->lex & WS__LEX_DETERMINERS) != 0;
}

/* True when the words of sentence s before token i are a subordinate
 * clause and its comma: "While most were marked “confidential,” according
 * to an official, two were upgraded …" reports the main clause after. */
static bool subordinate_before(const ctx *c, uint32_t s, uint32_t i) {
  static const listed_word subs[] = {LW("while"), LW("although"), LW("though"), LW("whereas"),
                                     LW("because"), LW("since"), LW("if"), LW("unless")};
  if (i < s + 3 || !is_punct(c, i - 1, ',') || !word_in(c, s, subs, sizeof subs / sizeof subs[0]))
    return false;
  for (uint32_t k = s; k + 1 < i; k++)
    if (is_punct(c, k, ',') && outside(tk(c, k)))
      return false; /* One clause only. */
  return true;
}

/* True when only a sentence adverb or conjunction, and perhaps its comma,
 * comes between the sentence start s and token i: "But, according to",
 * "Now according to", "And yet, according to". */
static bool opener_before(const ctx *c, uint32_t s, uint32_t i) {
  static const listed_word words[] = {
      LW("but"),     LW("and"),       LW("yet"),     LW("now"),      LW("still"),
      LW("however"), LW("also"),      LW("so"),      LW("meanwhile"), LW("instead"),
      LW("indeed"),  LW("overall"),   LW("today"),   LW("then"),     LW("finally"),
      LW("moreover"), LW("separately"), LW("nationally"), LW("previously"), LW("earlier")};
  uint32_t k = s;
  while (k < i && k - s < 2 && outside(tk(c, k)) && word_in(c, k, words, sizeof words / sizeof words[0]))
    k++;
  if (k > s && k < i && is_punct(c, k, ','))
    k++;
  return k > s && k == i;
}

static ws_status according_to(ctx *c, uint32_t s, uint32_t e) {
  for (size_t k = first_cand(c, s); k < c->ncands && c->cands[k] + 2 < e; k++) {
    uint32_t i = c->cands[k];
    if (!(tk(c, i)->lex & WS__LEX_PHRASE_HEAD) || /* "according to" is a lexicon phrase. */
        tk(c, i)->end - tk(c, i)->start != 9 || !is_word(c, i, "according") ||
        !is_word(c, i + 1, "to") || c->used[i] || !outside(tk(c, i)))
      continue;
    uint32_t np_end = i + 2;
    bool initial = skip_frame(c, s, e) == i || i == s || subordinate_before(c, s, i) ||
                   opener_before(c, s, i) || /* "But, according to the poll, …" */
                   ((tk(c, i)->flags & WS__TF_CAP) && i > s && is_terminal(c, i - 1));
    /* The last: "… Attorney General. According to Reuters, …", where the
     * sentence splitter took "General." for an abbreviation. */
    while (np_end < e && !(initial && is_punct(c, np_end, ',')) &&
           (!is_terminal(c, np_end) || abbreviation_period(c, np_end)) && outside(tk(c, np_end)))
      np_end++; /* "…, according to its president, Carol Danvers-Lee.", "… Mrs. Clinton" */
    ws__np np;
    if (np_end == i + 2)
      continue;
    if (!ws__np_before(&c->people, np_end - 1, i + 2, &np) || np.first != i + 2)
      source_span(c, i + 2, np_end, &np); /* "people familiar with the talks" */
    np.first = i + 2;
    if (initial) {
      if (np_end >= e || !is_punct(c, np_end, ','))
        continue;
      int32_t a = new_attr(c, &np, i, i + 1);
      return add_reported(c, np_end + 1, content_last(c, np_end + 1, e), a, 0.85);
    }
    uint32_t f = skip_frame(c, dateline_end(c, s, i), e);
    uint32_t l = i - 1;
    while (l > f && (is_punct(c, l, ',') || is_dash(c, l)))
      l--;
    uint32_t comma = parenthetical_end(c, i, np_end);
    if (comma != UINT32_MAX) {
      /* "A further 17 manufacturers, according to the report, had …": the
       * source ends at its comma and the sentence goes on around it. */
      if (!ws__np_before(&c->people, comma - 1, i + 2, &np) || np.first != i + 2)
        source_span(c, i + 2, comma, &np);
      np.first = i + 2;
      int32_t a = new_attr(c, &np, i, i + 1);
      ws_status st = add_reported(c, f, l, a, 0.85);
      return st == WS_OK ? add_reported(c, comma + 1, content_last(c, comma + 1, e), a, 0.85) : st;
    }
    int32_t a = new_attr(c, &np, i, i + 1);
    return add_reported(c, f, l, a, 0.85);
  }
  return WS_OK;
}

/* The comma that closes "according to X" set between commas inside its
 * sentence ("…, according to the report, had production …"), when a
 * lower-case word goes on after it and the phrase before "according"
 * ends in a comma; else UINT32_MAX. */
static uint32_t parenthetical_end(const ctx *c, uint32_t i, uint32_t np_end) {
  if (i < 2 || !is_punct(c, i - 1, ','))
    return UINT32_MAX;
  for (uint32_t k = i + 3; k + 3 < np_end && k - i < 12; k++) {
    if (!is_punct(c, k, ','))
      continue;
    const ws__token *w = tk(c, k + 1);
    if (w->type == WS__TOK_WORD && !(w->flags & WS__TF_CAP) && outside(w) &&
        !determiner_word(c, k + 1) && !is_word(c, k + 1, "who") && !is_word(c, k + 1, "whom") &&
        !is_word(c, k + 1, "whose") && !is_word(c, k + 1, "which") && !is_word(c, k + 1, "that") &&
        !is_word(c, k + 1, "where") && !is_word(c, k + 1, "when"))
      return k; /* Not "according to its president, Carol Danvers-Lee", nor "…, who spoke". */
    return UINT32_MAX;
  }
  return UINT32_MAX;
}

/* Words that open a noun phrase by counting: "more than 40 people", "some
 * residents", "every school", "nobody". */
static bool quantifier(const ctx *c, uint32_t i) {
  /* The words of the token's length only: this is asked of many words. */
  switch (tk(c, i)->end - tk(c, i)->start) {
  case 2:
    return is_word(c, i, "my") || is_word(c, i, "we");
  case 3:
    return is_word(c, i, "all") || is_word(c, i, "any") || is_word(c, i, "our") ||
           is_word(c, i, "you");
  case 4:
    return is_word(c, i, "more") || is_word(c, i, "less") || is_word(c, i, "some") ||
           is_word(c, i, "many") || is_word(c, i, "most") || is_word(c, i, "both") ||
           is_word(c, i, "each") || is_word(c, i, "none") || is_word(c, i, "only") ||
           is_word(c, i, "your") || is_word(c, i, "much");
  case 5:
    return is_word(c, i, "fewer") || is_word(c, i, "about") || is_word(c, i, "every") ||
           is_word(c, i, "these") || is_word(c, i, "those");
  case 6:
    return is_word(c, i, "nearly") || is_word(c, i, "almost") || is_word(c, i, "nobody");
  case 7:
    return is_word(c, i, "roughly") || is_word(c, i, "several") || is_word(c, i, "someone") ||
           is_word(c, i, "nothing");
  case 8:
    return is_word(c, i, "everyone") || is_word(c, i, "somebody");
  case 9:
    return is_word(c, i, "everybody");
  case 10:
    return is_word(c, i, "everything");
  default:
    return false;
  }
}

/* True when a bare subject opens a clause: "said fathers and parents who
 * adopt would not be eligible", "said local election officials should …": a
 * modal or a form of "be" or "have" follows within a few words, before any
 * punctuation or preposition. */
/* True for a verb contracted with "not": "shouldn't", "doesn’t". */
static bool negated_verb(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  const char *x = c->doc->text;
  size_t n = t->end - t->start;
  if (t->type != WS__TOK_WORD || n < 4)
    return false;
  if (x[t->end - 3] == 'n' && x[t->end - 2] == '\'' && x[t->end - 1] == 't')
    return true;
  return n >= 6 && memcmp(x + t->end - 5, "n\xe2\x80\x99t", 5) == 0;
}

/* True for a finite verb after a subject: would, will, could, should, can,
 * may, might, must, are, were, have, had, do, did, need, remain, remained,
 * is, was, has (only those of the token's length are compared). */
static bool subject_verb(const ctx *c, uint32_t i) {
  switch (tk(c, i)->end - tk(c, i)->start) {
  case 2:
    return is_word(c, i, "do") || is_word(c, i, "is");
  case 3:
    return is_word(c, i, "can") || is_word(c, i, "may") || is_word(c, i, "are") ||
           is_word(c, i, "had") || is_word(c, i, "did") || is_word(c, i, "was") ||
           is_word(c, i, "has");
  case 4:
    return is_word(c, i, "will") || is_word(c, i, "must") || is_word(c, i, "were") ||
           is_word(c, i, "have") || is_word(c, i, "need");
  case 5:
    return is_word(c, i, "would") || is_word(c, i, "could") || is_word(c, i, "might");
  case 6:
    return is_word(c, i, "should") || is_word(c, i, "remain");
  case 8:
    return is_word(c, i, "remained");
  default:
    return false;
  }
}

static bool subject_then_verb(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  size_t n0 = t->end - t->start;
  const char *x = c->doc->text;
  if (t->type != WS__TOK_WORD || n0 < 3 ||
      (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_AUX_ADVERBS |
                 WS__LEX_BELIEF_VERBS)) ||
      (x[t->end - 2] == 'l' && x[t->end - 1] == 'y') ||
      (x[t->end - 2] == 'e' && x[t->end - 1] == 'd'))
    return false; /* A noun, an adjective or a gerund: "fathers", "local", "selling". */
  for (uint32_t k = i + 1; k < c->doc->ntok && k <= i + 6; k++) {
    const ws__token *w = tk(c, k);
    if (k == i + 1 && (is_word(c, k, "in") || is_word(c, k, "of") || is_word(c, k, "near")) &&
        !(t->flags & WS__TF_CAP)) {
      uint32_t m = k + 1; /* "said people in the vicinity should stay home" */
      while (m < c->doc->ntok && m - k <= 5 && tk(c, m)->type == WS__TOK_WORD && outside(tk(c, m)) &&
             !cue_word(c, m) && !(tk(c, m)->lex & (PRONOUN_SUBJECTS | WS__LEX_AUX_ADVERBS)) &&
             !subject_verb(c, m) && !negated_verb(c, m))
        m++;
      return m < c->doc->ntok && m > k + 1 &&
             (subject_verb(c, m) || negated_verb(c, m));
    }
    if (k == i + 1 && (is_word(c, k, "from") || is_word(c, k, "by")) && k + 1 < c->doc->ntok &&
        (tk(c, k + 1)->flags & WS__TF_CAP)) {
      uint32_t m = k + 1; /* "said praise from Russian President Vladimir Putin would …" */
      while (m < c->doc->ntok && m - k <= 6 && (tk(c, m)->flags & WS__TF_CAP) &&
             tk(c, m)->type == WS__TOK_WORD && outside(tk(c, m)))
        m++;
      if (m < c->doc->ntok && (subject_verb(c, m) ||
                               negated_verb(c, m)))
        return true;
      return false;
    }
    if (w->type != WS__TOK_WORD || !outside(w) || is_word(c, k, "to") || is_word(c, k, "for") ||
        is_word(c, k, "with") || is_word(c, k, "at") || is_word(c, k, "by") ||
        is_word(c, k, "from") || is_word(c, k, "on") || is_word(c, k, "in") ||
        (is_word(c, k, "that") && k + 1 < c->doc->ntok && (tk(c, k + 1)->lex & PRONOUN_SUBJECTS)))
      return false; /* "told police officials that she didn't …": a listener. */
    if (subject_verb(c, k) || negated_verb(c, k))
      return true;
  }
  return false;
}

/* True when token i can open a reported clause after "said": a
 * determiner, a pronoun, a name, a number, a quantifier or a bare subject. */
/* True when a gerund phrase at i is the subject of a clause: "running for
 * president is tough". An auxiliary follows within a few words, before any
 * comma. */
static bool gerund_subject(const ctx *c, uint32_t i) {
  static const listed_word aux[] = {LW("is"),    LW("was"),   LW("are"),    LW("were"),
                                    LW("has"),   LW("will"),  LW("would"),  LW("could"),
                                    LW("can"),   LW("may"),   LW("might"),  LW("should"),
                                    LW("makes"), LW("made"),  LW("remains")};
  const ws__token *t = tk(c, i);
  size_t n = t->end - t->start;
  const char *w = c->doc->text + t->start;
  if (n < 5 || memcmp(w + n - 3, "ing", 3) != 0 || (t->flags & WS__TF_CAP) ||
      (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_SPEECH_VERBS | WS__LEX_BELIEF_VERBS)))
    return false;
  for (uint32_t j = i + 1; j < c->doc->ntok && j - i <= 6; j++) {
    if (!outside(tk(c, j)) || tk(c, j)->type != WS__TOK_WORD)
      return false;
    if (word_in(c, j, aux, sizeof aux / sizeof aux[0]))
      return j > i + 1 || is_word(c, j, "is") || is_word(c, j, "was");
  }
  return false;
}

/* True when token i is the word w (lower case) with an apostrophe and a
 * contracted verb after it: "there’s", "that's". */
static bool contracted(const ctx *c, uint32_t i, const char *w) {
  const ws__token *t = tk(c, i);
  const char *x = c->doc->text + t->start;
  size_t n = t->end - t->start, m = strlen(w), k = 0;
  if (t->type != WS__TOK_WORD || n < m + 2)
    return false;
  while (k < m && (x[k] | 0x20) == w[k])
    k++;
  return k == m && (x[m] == '\'' || (n >= m + 4 && (unsigned char)x[m] == 0xe2 &&
                                    (unsigned char)x[m + 1] == 0x80 &&
                                    (unsigned char)x[m + 2] == 0x99));
}

/* Prepositions that may open a reported clause with a phrase of their own
 * before its subject: "says despite all that, Obama wasn’t …". */
static const listed_word lead_preps[] = {LW("despite"), LW("after"),  LW("before"),
                                         LW("unlike"),  LW("without"), LW("given"),
                                         LW("during"),  LW("since")};

static bool clause_start(const ctx *c, uint32_t i);

/* True when the phrase opened by the preposition at i ends at a comma
 * within ten tokens and a clause starts after it. */
static bool prep_then_clause(const ctx *c, uint32_t i) {
  for (uint32_t k = i + 1; k < c->doc->ntok && k - i <= 10; k++) {
    const ws__token *t = tk(c, k);
    if (is_punct(c, k, ','))
      return k > i + 1 && k + 1 < c->doc->ntok && clause_start(c, k + 1);
    if (!outside(t) || is_terminal(c, k) || t->type == WS__TOK_QUOTE)
      return false;
  }
  return false;
}

/* True for a lower-case word ending in "ed": "elected". */
static bool ed_word(const ctx *c, uint32_t i) {
  return lower_word_ending(c, i, "ed");
}

static bool clause_start(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  if (t->type == WS__TOK_NUMBER && outside(t))
    return true; /* "said 40 people had been treated" */
  if (t->type != WS__TOK_WORD || !outside(t))
    return false;
  if (t->lex & (WS__LEX_PRONOUNS_MALE | WS__LEX_PRONOUNS_FEMALE | WS__LEX_PRONOUNS_PLURAL |
                WS__LEX_PRONOUNS_NEUTER))
    return !is_word(c, i, "him") && !is_word(c, i, "them") && !is_word(c, i, "us");
  if (t->flags & WS__TF_CAP)
    return true;
  if (is_word(c, i, "the") || is_word(c, i, "a") || is_word(c, i, "an") ||
      is_word(c, i, "anybody") || is_word(c, i, "anyone") || is_word(c, i, "everyone") ||
      is_word(c, i, "everybody") || is_word(c, i, "nobody") || is_word(c, i, "someone") ||
      is_word(c, i, "somebody") || is_word(c, i, "nothing") || is_word(c, i, "everything") ||
      is_word(c, i, "something") || is_word(c, i, "other") || is_word(c, i, "another") ||
      is_word(c, i, "there") || is_word(c, i, "i") || is_word(c, i, "this") ||
      is_word(c, i, "no") || is_word(c, i, "his") || is_word(c, i, "her") ||
      is_word(c, i, "their") || is_word(c, i, "its") || is_word(c, i, "neither") ||
      is_word(c, i, "either") || is_word(c, i, "too") || quantifier(c, i))
    return true;
  if ((is_word(c, i, "if") || is_word(c, i, "unless") || is_word(c, i, "because")) &&
      i + 1 < c->doc->ntok && clause_start(c, i + 1))
    return true; /* "said if Trump picked him it would be …": the condition is said too. */
  if ((is_word(c, i, "if") || is_word(c, i, "unless") || is_word(c, i, "once")) &&
      i + 2 < c->doc->ntok && ed_word(c, i + 1))
    return true; /* "said if elected president he could …" */
  if (contracted(c, i, "there") || contracted(c, i, "that") || contracted(c, i, "here") ||
      contracted(c, i, "what") || contracted(c, i, "who"))
    return true; /* "says there’s no problem" */
  if (word_in(c, i, lead_preps, sizeof lead_preps / sizeof lead_preps[0]))
    return prep_then_clause(c, i);
  return subject_then_verb(c, i) || gerund_subject(c, i);
}

/* True when token i is a possessive determiner before a lower-case noun:
 * "her brother", "his aides" (not "told her the plan"). */
static bool possessive_determiner(const ctx *c, uint32_t i, uint32_t e) {
  if (i + 1 >= e || !(is_word(c, i, "her") || is_word(c, i, "his") || is_word(c, i, "their") ||
                      is_word(c, i, "its") || is_word(c, i, "our") || is_word(c, i, "my")))
    return false;
  const ws__token *n = tk(c, i + 1);
  return n->type == WS__TOK_WORD && outside(n) && !(n->flags & WS__TF_CAP) &&
         !(n->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_DETERMINERS | WS__LEX_SPEECH_VERBS));
}

/* Skips the listener, channel and date after a cue: "told MSNBC on Monday".
 * Returns the first token after them. */
/* True when token i, right after a cue, opens a gerund object rather than a
 * listener: "encourages taking up a side hustle", but not "told visiting
 * Ukraine officials". */
static bool gerund_object(const ctx *c, uint32_t i, uint32_t e) {
  return ing_word(c, i) && i + 1 < e && !(tk(c, i + 1)->flags & WS__TF_CAP) &&
         !(tk(c, i + 1)->lex & WS__LEX_AUDIENCES);
}

static uint32_t skip_complements(ctx *c, uint32_t cue, uint32_t e) {
  uint32_t i = cue + 1;
  ws_str tmp;
  for (uint32_t steps = 0; i < e && steps < 6; steps++) {
    uint32_t k = 0;
    if ((tk(c, cue)->lex & WS__LEX_ADDRESSEE_VERBS) && steps == 0) {
      if (possessive_determiner(c, i, e))
        break; /* "urges her brother to …": a noun phrase, not the pronoun "her". */
      uint32_t j = i;
      while (j < e && j - i < 6 && tk(c, j)->type == WS__TOK_WORD && outside(tk(c, j)) &&
             !is_word(c, j, "that") &&
             ((tk(c, j)->flags & WS__TF_CAP) || (j == i && !gerund_object(c, j, e)) ||
              (tk(c, j)->lex & WS__LEX_AUDIENCES)) &&
             !(j > i && (tk(c, j)->lex & WS__LEX_WEEKDAYS)))
        j++; /* Not the day: "told The New York Times Tuesday morning that" */
      uint32_t m = j;
      while (m < e && m - i < 8 && tk(c, m)->type == WS__TOK_WORD && outside(tk(c, m)) &&
             !cue_word(c, m) && !is_word(c, m, "that") && !is_word(c, m, "to") &&
             !is_word(c, m, "about") && !is_word(c, m, "if") && !is_word(c, m, "whether") &&
             !is_word(c, m, "how") && !is_word(c, m, "why") && !is_word(c, m, "what") &&
             !(tk(c, m)->lex & (PRONOUN_SUBJECTS | WS__LEX_AUX_ADVERBS)) && !negated_verb(c, m))
        m++; /* Not "told Dempsey he didn't own any birds, …" */
      if (m > j && m < e && is_terminal(c, m) && !abbreviation_period(c, m) && m + 1 >= e &&
          ((tk(c, i)->lex & WS__LEX_DETERMINERS) || (tk(c, i)->flags & WS__TF_CAP)))
        j = m; /* "…, Ash Carter told a Senate panel.": the listener ends the sentence. */
      k = j - i;
    } else if ((is_word(c, i, "on") || is_word(c, i, "to")) && (k = venue_at(c, i + 1, e, &tmp)))
      k++;
    else if (!(k = statement_noun_at(c, i, e, &tmp)) && !(k = date_at(c, i, e, &tmp)) &&
             is_word(c, i, "on") && (k = date_at(c, i + 1, e, &tmp)))
      k++;
    if (!k && steps > 0 && (is_word(c, i, "in") || is_word(c, i, "at")))
      k = place_end(c, i, e); /* "said Tuesday in Paris," */
    if (!k && (k = time_phrase(c, i, e)) != 0 && i + k < e && (tk(c, i + k)->lex & WS__LEX_AUX_ADVERBS) &&
        !is_word(c, i + k, "not"))
      k = 0; /* "urged last year not to …", but "saying this year will meet …": the subject. */
    if (!k && (tk(c, i)->lex & WS__LEX_AUX_ADVERBS) && tk(c, i)->type == WS__TOK_WORD &&
        !(tk(c, i)->flags & WS__TF_CAP) && outside(tk(c, i)) && !ly_word(c, i) &&
        (i + 1 == e || is_terminal(c, i + 1) || is_punct(c, i + 1, ',')))
      k = 1; /* "…, Quist said later.", "…, he said again,", not "he responded quickly" */
    if (!k)
      break;
    i += k;
  }
  return i;
}

/* True when token i follows the comma of an opening phrase of the sentence
 * starting at s, perhaps after titles: "But later, Gov. Ruth Adeyemi". */
static bool after_opening(const ctx *c, uint32_t s, uint32_t i) {
  uint32_t j = i;
  while (j > s + 1 && (is_punct(c, j - 1, '.') ||
                       (tk(c, j - 1)->lex & (WS__LEX_TITLES | WS__LEX_HONORIFICS |
                                             WS__LEX_HONORIFICS_MALE | WS__LEX_HONORIFICS_FEMALE))))
    j--;
  return j > s && is_punct(c, j - 1, ',');
}

/* The first token after an opening participle phrase of the sentence at s
 * and the relative clause that may follow it ("Speaking to MSNBC's Morning
 * Joe in New Hampshire, which votes on Tuesday, Bush …"), or s when the
 * sentence does not open with a participle. Names inside it are no
 * subject. */
static uint32_t participle_opener_end(const ctx *c, uint32_t s, uint32_t cue) {
  const ws__token *t = tk(c, s);
  const char *x = c->doc->text;
  if (t->type != WS__TOK_WORD || !(t->flags & WS__TF_CAP) || t->end - t->start < 6 ||
      memcmp(x + t->end - 3, "ing", 3) != 0 || !outside(t) ||
      ws__mention_entity_at(&c->people, s) >= 0)
    return s; /* "Boeing", "Xing" are names. */
  uint32_t k = s + 1;
  for (int clauses = 0; clauses < 2; clauses++) {
    while (k < cue && !is_punct(c, k, ',') && !is_terminal(c, k) && outside(tk(c, k)))
      k++;
    if (k + 1 >= cue || !is_punct(c, k, ','))
      return s;
    k++;
    if (!is_word(c, k, "which") && !is_word(c, k, "where") && !is_word(c, k, "who"))
      return k;
  }
  return s;
}

/* True for a word that opens a prepositional phrase or a clause before
 * the subject: after, before, despite, during, following, amid, since,
 * unlike, without, at, in, on, with, when, while, although, though,
 * because, if, once, alongside, among, beyond, besides, against, under,
 * throughout, within, for, from, through, across, by, over (only those of
 * the token's length are compared). */
static bool opening_preposition(const ctx *c, uint32_t i) {
  switch (tk(c, i)->end - tk(c, i)->start) {
  case 2:
    return is_word(c, i, "at") || is_word(c, i, "in") || is_word(c, i, "on") ||
           is_word(c, i, "if") || is_word(c, i, "by");
  case 3:
    return is_word(c, i, "for");
  case 4:
    return is_word(c, i, "amid") || is_word(c, i, "with") || is_word(c, i, "when") ||
           is_word(c, i, "once") || is_word(c, i, "from") || is_word(c, i, "over");
  case 5:
    return is_word(c, i, "after") || is_word(c, i, "since") || is_word(c, i, "while") ||
           is_word(c, i, "among") || is_word(c, i, "under");
  case 6:
    return is_word(c, i, "before") || is_word(c, i, "during") || is_word(c, i, "unlike") ||
           is_word(c, i, "though") || is_word(c, i, "beyond") || is_word(c, i, "within") ||
           is_word(c, i, "across");
  case 7:
    return is_word(c, i, "despite") || is_word(c, i, "without") || is_word(c, i, "because") ||
           is_word(c, i, "besides") || is_word(c, i, "against") || is_word(c, i, "through");
  case 8:
    return is_word(c, i, "although");
  case 9:
    return is_word(c, i, "following") || is_word(c, i, "alongside");
  case 10:
    return is_word(c, i, "throughout");
  default:
    return false;
  }
}

/* The first token after an opening prepositional phrase of the sentence
 * at s ("After the Paris attacks, Trump released …", "In Paris, …"), or s.
 * Names inside it are no subject. */
static uint32_t prep_opener_end(const ctx *c, uint32_t s, uint32_t cue) {
  /* The last: an opening clause, "When asked whom she supported, Ms. Sherry …";
   * "Alongside BLM calls for action, even a top GOP strategist said …, saying". */
  if (!opening_preposition(c, s) || !outside(tk(c, s)))
    return s;
  for (uint32_t k = s + 2; k + 1 < cue && k - s <= 10; k++) {
    if (!outside(tk(c, k)) || (is_terminal(c, k) && !abbreviation_period(c, k)))
      return s;
    if (is_punct(c, k, ','))
      return k + 1;
  }
  return s;
}

/* The first token after a dateline that opens the sentence at s
 * ("BUFFALO, N.Y. — Hours before …", "LONDON — The …", "WASHINGTON (AP) —
 * The …", "(Reuters) — The …"), or s. */
static uint32_t dateline_end(const ctx *c, uint32_t s, uint32_t cue) {
  uint32_t k = s;
  while (k < cue && k - s < 4 && (tk(c, k)->flags & WS__TF_ALLCAPS) && tk(c, k)->type == WS__TOK_WORD)
    k++;
  bool agency = k + 3 < cue && is_punct(c, k, '(') && tk(c, k + 1)->type == WS__TOK_WORD &&
                (tk(c, k + 1)->flags & WS__TF_CAP) && is_punct(c, k + 2, ')') && is_dash(c, k + 3);
  if (agency)
    return k + 4; /* The news agency: "(AP)", "(Reuters)". */
  if (k == s)
    return s;
  if (k < cue && is_punct(c, k, ','))
    for (uint32_t j = k + 1; j < cue && j - k < 6; j++)
      if (is_dash(c, j)) {
        k = j;
        break;
      }
  return k + 1 < cue && is_dash(c, k) ? k + 1 : s;
}

/* When the mention at token i names a state or country after a city ("in
 * Salem, New Hampshire, Trump"), returns the comma after it; otherwise i. */
static uint32_t state_after_city(const ctx *c, uint32_t i, uint32_t cue) {
  int32_t e = ws__mention_entity_at(&c->people, i);
  if (e < 0 || i < 3 || !is_punct(c, i - 1, ','))
    return i;
  uint32_t m = i;
  while (m + 1 < cue && ws__mention_entity_at(&c->people, m + 1) == e)
    m++;
  if (m + 2 < cue && is_punct(c, m + 1, '.') && tk(c, m + 1)->start == tk(c, m)->end)
    m++; /* "in Portsmouth, N.H., on Tuesday" */
  if (m + 1 >= cue || !is_punct(c, m + 1, ','))
    return i;
  uint32_t k = i - 1;
  while (k > 0 && i - 1 - k < 3 && (tk(c, k - 1)->flags & WS__TF_CAP) &&
         tk(c, k - 1)->type == WS__TOK_WORD && !(tk(c, k - 1)->lex & WS__LEX_FUNCTION_WORDS))
    k--; /* The city's words, not a sentence's "In". */
  if (k == i - 1 || k == 0)
    return i;
  return is_word(c, k - 1, "in") || is_word(c, k - 1, "at") || is_word(c, k - 1, "from") ||
                 is_word(c, k - 1, "near") || is_word(c, k - 1, "outside")
             ? m + 1 /* Not m: a one-word state ("N.H.") ends where it starts. */
             : i;
}

/* True for a lower-case word that may be a noun before a name ("member" in
 * "Band member Flea"), not a verb ("arrested", "says") or a function word. */
static bool lower_noun(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  return t->type == WS__TOK_WORD && outside(t) && !(t->flags & WS__TF_CAP) && !ed_word(c, i) &&
         !ing_word(c, i) && !cue_word(c, i) &&
         !(t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_AUX_ADVERBS | WS__LEX_BELIEF_VERBS |
                     WS__LEX_SPEECH_VERBS));
}

/* Widens a person's mention over "of PLACE" that follows it before the
 * cue at token cue: "Senator Anna Lind of Vermont praised …, saying". */
static void place_after_person(ctx *c, uint32_t cue, ws__np *np) {
  uint32_t k = np->last + 2;
  if (np->entity < 0 || k >= cue || ws__entity_type(&c->people, np->entity) != WS__ENT_PERSON ||
      !(is_word(c, np->last + 1, "of") || is_word(c, np->last + 1, "from")))
    return;
  int32_t place = ws__mention_entity_at(&c->people, k);
  if (place < 0 || place == np->entity || ws__entity_type(&c->people, place) == WS__ENT_PERSON)
    return;
  while (k + 1 < cue && ws__mention_entity_at(&c->people, k + 1) == place)
    k++;
  np->last = k;
}

/* A subject at token i that names no one: "it" ("it attacked Trump") or a
 * determiner and up to three words that the people module takes for a
 * speaker phrase ("The company praised …", "The agency, which oversees
 * ports, rejected …"), followed by a lower-case verb or a comma. */
static bool nominal_first(ctx *c, uint32_t i, uint32_t cue, ws__np *np) {
  const ws__token *t = tk(c, i);
  if (t->type != WS__TOK_WORD || !outside(t))
    return false;
  if (t->lex & WS__LEX_PRONOUNS_NEUTER)
    return is_word(c, i, "it") && i + 1 < cue && tk(c, i + 1)->type == WS__TOK_WORD &&
           !(tk(c, i + 1)->flags & WS__TF_CAP) && !(tk(c, i + 1)->lex & WS__LEX_AUX_ADVERBS) &&
           ws__np_before(&c->people, i, i, np) && np->first == i;
  bool owner = possessive_word(c, i) && ws__mention_entity_at(&c->people, i) >= 0 &&
               i + 1 < cue && ws__mention_entity_at(&c->people, i + 1) < 0;
  if (owner) { /* "Lazar's public defense counsel asked …, calling": a description. */
    for (uint32_t k = i + 1; k + 1 < cue && k <= i + 4; k++) {
      const ws__token *t = tk(c, k);
      if (t->type != WS__TOK_WORD || !outside(t) || (t->flags & WS__TF_CAP) ||
          (t->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_AUX_ADVERBS | WS__LEX_SPEECH_VERBS)))
        return false;
      if (speaker_head(c, k) && tk(c, k + 1)->type == WS__TOK_WORD && !(tk(c, k + 1)->flags & WS__TF_CAP) &&
          (ed_word(c, k + 1) || (tk(c, k + 1)->lex & (WS__LEX_AUX_ADVERBS | WS__LEX_SPEECH_VERBS)))) {
        unnamed_np(np, i, k);
        return true;
      }
    }
    return false;
  }
  if (!determiner_word(c, i) || ws__mention_entity_at(&c->people, i + 1) >= 0)
    return false; /* Named subjects are the caller's. */
  for (uint32_t k = i + 1; k + 1 < cue && k <= i + 3; k++) {
    const ws__token *n = tk(c, k + 1);
    static const listed_word goes_on[] = {LW("of"), LW("for"), LW("in"), LW("at"),  LW("on"),
                                          LW("from"), LW("with"), LW("to"), LW("and"), LW("or"),
                                          LW("who"), LW("which"), LW("that")};
    bool verb_or_comma = is_punct(c, k + 1, ',') ||
                         (n->type == WS__TOK_WORD && outside(n) && !(n->flags & WS__TF_CAP) &&
                          !(n->lex & WS__LEX_DETERMINERS) &&
                          !word_in(c, k + 1, goes_on, sizeof goes_on / sizeof goes_on[0]));
    /* Not "The president of …": the phrase goes on. Verbs may be function
     * words in the lexicon ("said", "noted"). */
    if (ws__demonym_modifier(&c->people, k))
      continue; /* "A Chinese official": an adjective, no verb after it. */
    if (ws__mention_entity_at(&c->people, k) >= 0)
      return false; /* Not "some of Trump’s defenders": no one named inside. */
    if (verb_or_comma && ws__np_before(&c->people, k, i, np) && np->first == i && np->last == k &&
        !np->pronoun)
      return true; /* "The spokesman", even when it resolves to someone named before. */
    if (tk(c, k)->type != WS__TOK_WORD || !outside(tk(c, k)))
      return false;
  }
  return false;
}

/* The subject of a clause [f, cue) that may open with a phrase: the first
 * name or personal pronoun right before a lower-case verb ("though in a
 * news conference last week he used stronger language"). */
static bool clause_subject(ctx *c, uint32_t f, uint32_t cue, ws__np *np) {
  for (uint32_t i = f; i + 1 < cue; i++) {
    const ws__token *t = tk(c, i), *v = tk(c, i + 1);
    if (!outside(t) || t->type != WS__TOK_WORD || v->type != WS__TOK_WORD || (v->flags & WS__TF_CAP))
      continue;
    bool verb = ed_word(c, i + 1) || aux_or_adverb(c, i + 1) || cue_word(c, i + 1);
    bool who = (t->lex & PRONOUN_SUBJECTS) && !object_pronoun(c, i) && !is_word(c, i, "his");
    if (verb && (who || ws__mention_entity_at(&c->people, i) >= 0) && !possessive_word(c, i))
      return ws__np_before(&c->people, i, f, np);
  }
  return false;
}

/* The first token after ", when" (or ", as", ", while") when such a
 * clause runs up to the comma before the participle cue at token cue, or
 * UINT32_MAX: the participle belongs to that nearest clause. */
static uint32_t late_subordinate(const ctx *c, uint32_t s, uint32_t cue) {
  if (cue < s + 4 || !is_punct(c, cue - 1, ','))
    return UINT32_MAX;
  for (uint32_t k = cue - 2; k > s + 1; k--) {
    if (!outside(tk(c, k)) || is_punct(c, k, ','))
      return is_punct(c, k, ',') && k + 2 < cue &&
                     (is_word(c, k + 1, "when") || is_word(c, k + 1, "as") || is_word(c, k + 1, "while") ||
                      is_word(c, k + 1, "though") || is_word(c, k + 1, "although")) &&
                     (tk(c, k + 2)->type == WS__TOK_WORD)
                 ? k + 2
                 : UINT32_MAX;
  }
  return UINT32_MAX;
}

/* The subject of a participle cue ("…, writing that"): the speaker of an
 * earlier cue of the sentence, else its first mention or pronoun. */
static bool sentence_subject(ctx *c, uint32_t s, uint32_t cue, ws__np *np) {
  /* "“…,” the mayor said, adding that …": the speaker of the sentence's
   * earlier cue. */
  for (size_t k = c->attrs.len; k > 0 && k + 8 > c->attrs.len; k--) {
    const attribution *a = &WS__VEC_AT(&c->attrs, attribution, k - 1);
    if (!a->has_cue || !a->has_np || a->cue_last >= cue || a->cue_last < s ||
        is_word(c, a->cue_first, "according"))
      continue; /* "…, according to their attorneys, and said …": not the attorneys. */
    *np = a->np;
    return true;
  }
  for (uint32_t k = s; k + 1 < cue && k - s < 10; k++)
    if (is_dash(c, k + 1) && is_punct(c, k, ')')) {
      s = k + 2; /* A dateline: "WASHINGTON, Aug. 24 (UPI) — A spokesman …". */
      break;
    }
  s = dateline_end(c, s, cue);
  s = participle_opener_end(c, s, cue);
  s = prep_opener_end(c, s, cue);
  uint32_t sub = late_subordinate(c, s, cue);
  if (sub != UINT32_MAX && (clause_subject(c, sub, cue, np) || sentence_subject(c, sub, cue, np)))
    return true; /* "…, when Sanders protesters interrupted her speech, shouting “…”" */
  uint32_t owner_end = UINT32_MAX; /* After a possessive name: "Clinton’s campaign manager Robby Mook" */
  for (uint32_t i = s; i < cue && i - s < 12; i++) {
    const ws__token *t = tk(c, i);
    if (!outside(t) || (i - s >= 4 && !after_opening(c, s, i) &&
                        !(owner_end != UINT32_MAX && i <= owner_end + 4)))
      continue; /* After an opening phrase too: "But a few days later, Trump …". */
    if (i >= s + 2 && i + 2 < cue && is_punct(c, i - 1, ',') &&
        (tk(c, i - 2)->flags & WS__TF_CAP) && tk(c, i - 2)->type == WS__TOK_WORD &&
        is_punct(c, i + 1, '.') && tk(c, i + 1)->start == t->end && is_punct(c, i + 2, ',')) {
      i++; /* Past its period too, which the name's mention may hold ("N.H."). */
      continue; /* The state after a city: "in Aspen, Colo., the graduate …". */
    }
    uint32_t state = state_after_city(c, i, cue);
    if (state != i) {
      i = state; /* "in Salem, New Hampshire, Trump …" */
      continue;
    }
    if (t->type == WS__TOK_WORD && (t->lex & (WS__LEX_PRONOUNS_FEMALE | WS__LEX_PRONOUNS_MALE |
                                              WS__LEX_PRONOUNS_PLURAL)) &&
        !object_pronoun(c, i) && !(t->flags & WS__TF_ALLCAPS))
      return ws__np_before(&c->people, i, s, np); /* Not "The US welcomed …" */
    if ((i == s || after_opening(c, s, i)) && nominal_first(c, i, cue, np))
      return true; /* "Meanwhile, it attacked Trump, saying …", "The company praised …" */
    if (ws__mention_entity_at(&c->people, i) >= 0) {
      uint32_t m = i;
      while (m + 1 < cue && ws__mention_entity_at(&c->people, m + 1) == ws__mention_entity_at(&c->people, i))
        m++;
      if (m + 2 < cue && !possessive_word(c, m) && speaker_head(c, m + 1) &&
          !(tk(c, m + 1)->lex & WS__LEX_TITLES) && c->doc->text[tk(c, m + 1)->end - 1] == 's' &&
          (i == s || after_opening(c, s, i))) {
        unnamed_np(np, i, m + 1); /* "Sanders protesters interrupted her speech, shouting" */
        return true;
      }
      if (i == s + 1 && (tk(c, s)->lex & WS__LEX_FUNCTION_WORDS) && !determiner_word(c, s)) {
        i = m; /* "On Twitter, she responded … by saying": a platform or place, not the subject. */
        continue;
      }
      if (possessive_word(c, m)) {
        i = owner_end = m; /* "Trump’s “excesses” are sickening, Hollande said …, noting": not Trump. */
        continue;
      }
      if (i > s && !is_punct(c, i - 1, ',') && ws__mention_entity_at(&c->people, i - 1) < 0 &&
          !(i - 1 == s && ((tk(c, s)->flags & WS__TF_CAP) || tk(c, s)->type == WS__TOK_NUMBER)) &&
          /* "Rival Hillary Clinton", "76-year-old Morton Blackwell" */
          !(i == s + 2 && (tk(c, s)->flags & WS__TF_CAP) && lower_noun(c, i - 1)) && /* "Band member Flea" */
          !(owner_end != UINT32_MAX && i <= owner_end + 4) && /* "Carvalho's chief of staff NAME" */
          !(tk(c, i - 1)->lex & (WS__LEX_TITLES | WS__LEX_HONORIFICS | WS__LEX_DETERMINERS)) &&
          !(is_punct(c, i - 1, '.') && i >= s + 2 &&
            (tk(c, i - 2)->lex & (WS__LEX_HONORIFICS | WS__LEX_HONORIFICS_MALE |
                                  WS__LEX_HONORIFICS_FEMALE | WS__LEX_TITLES))))
        return false; /* "Dean appeared on MSNBC": MSNBC is no subject ("Gov. Kasich" is). */
      uint32_t j = i;
      while (j + 1 < cue && ws__mention_entity_at(&c->people, j + 1) ==
                                ws__mention_entity_at(&c->people, i))
        j++;
      /* "Ohio Gov. John Kasich": a place, titles, then the speaker's name. */
      uint32_t k = j + 1;
      while (k < cue && (is_punct(c, k, '.') ||
                         (tk(c, k)->lex & (WS__LEX_TITLES | WS__LEX_HONORIFICS |
                                           WS__LEX_HONORIFICS_MALE | WS__LEX_HONORIFICS_FEMALE))))
        k++;
      if (k > j + 1 && k < cue && ws__mention_entity_at(&c->people, k) >= 0) {
        j = k;
        while (j + 1 < cue && ws__mention_entity_at(&c->people, j + 1) ==
                                  ws__mention_entity_at(&c->people, k))
          j++;
      }
      uint32_t h = j + 1; /* "The GOP nominee has …": lower-case words up to a title. */
      while (h + 1 < cue && h - j < 3 && lower_noun(c, h) && !(tk(c, h)->lex & WS__LEX_TITLES))
        h++;
      if (h + 1 < cue && lower_noun(c, h) && (tk(c, h)->lex & WS__LEX_TITLES) &&
          ws__mention_entity_at(&c->people, h + 1) < 0 &&
          (is_punct(c, h + 1, ',') || !lower_noun(c, h + 1)))
        j = h;
      if (!ws__np_before(&c->people, j, s, np))
        return false;
      place_after_person(c, cue, np);
      uint32_t rf, rl; /* "Dean, a medical doctor, then appeared …, saying" */
      if (np->entity >= 0 && ws__apposition_role(&c->people, j, cue, &rf, &rl)) {
        np->has_role = true;
        np->role_first = rf, np->role_last = rl;
        np->last = rl;
      }
      return true;
    }
  }
  return false;
}

/* True when the cue ends in -ing: a participle ("writing", "saying"). */
static bool participle(const ctx *c, uint32_t i) {
  const ws__token *t = tk(c, i);
  size_t n = t->end - t->start;
  return n > 4 && memcmp(c->doc->text + t->end - 3, "ing", 3) == 0;
}

/* True for "show", "shows", "showed", "showing": polls and documents show
 * a clause or a small clause without "that" ("A new poll shows Clinton
 * leading Trump by 5 points"). */
static bool show_verb(const ctx *c, uint32_t cue) {
  return is_word(c, cue, "shows") || is_word(c, cue, "show") || is_word(c, cue, "showed") ||
         is_word(c, cue, "showing");
}

/* True when the subject np of "show" can show a finding: a document or
 * poll ("A new poll shows", "the data showed") or an organisation, not a
 * person or a group of people ("people showed no signs of …"). */
static bool shows_something(const ctx *c, const ws__np *np) {
  static const listed_word words[] = {
      LW("polls"),   LW("polling"), LW("surveys"), LW("studies"), LW("data"),
      LW("figures"), LW("records"), LW("results"), LW("numbers"), LW("research"),
      LW("emails"),  LW("e-mails"), LW("tests"),   LW("footage"), LW("images"),
      LW("photos"),  LW("statistics"), LW("estimates"), LW("analyses"), LW("reviews")};
  if (np->entity >= 0)
    return ws__entity_type(&c->people, np->entity) == WS__ENT_ORG;
  return (tk(c, np->last)->lex & WS__LEX_DOCUMENT_NOUNS) ||
         word_in(c, np->last, words, sizeof words / sizeof words[0]);
}

/* True for cues that take a clause without "that": "said the bill …". */
static bool bare_clause_verb(const ctx *c, uint32_t cue) {
  return (tk(c, cue)->lex & WS__LEX_CLAUSE_VERBS) != 0;
}

/* After "told", a listener with a programme title or a role may come
 * before "that": "told MSNBC's “Morning Joe” co-host Joe Scarborough that";
 * after any cue, a programme: "said on ABC's “This Week” that".
 * Returns the index of that "that", or i when none closes such a phrase. */
static uint32_t listener_then_that(const ctx *c, uint32_t i, uint32_t e) {
  if (i > 0 && ((tk(c, i)->lex & WS__LEX_DETERMINERS) || (tk(c, i - 1)->lex & WS__LEX_DETERMINERS))) {
    /* "told the (harbour) board that …": a short noun phrase, then "that". */
    for (uint32_t j = i + ((tk(c, i)->lex & WS__LEX_DETERMINERS) != 0); j < e && j - i < 16; j++) {
      if (is_word(c, j, "that") && outside(tk(c, j)))
        return j > i ? j : i;
      const ws__token *t = tk(c, j);
      bool place = (is_word(c, j, "at") || is_word(c, j, "in") || is_word(c, j, "of") ||
                    is_word(c, j, "near") || is_word(c, j, "on") || (t->lex & WS__LEX_DETERMINERS)) &&
                   j + 1 < e && !is_word(c, j + 1, "that");
      bool when = (t->flags & WS__TF_CAP) && (t->lex & (WS__LEX_MONTHS | WS__LEX_WEEKDAYS)) &&
                  (is_word(c, j - 1, "in") || is_word(c, j - 1, "on")); /* "in May" */
      if (t->type != WS__TOK_WORD || !outside(t) || cue_word(c, j) ||
          ((t->lex & (WS__LEX_FUNCTION_WORDS | PRONOUN_SUBJECTS)) && !place && !when) ||
          ((t->lex & WS__LEX_AUX_ADVERBS) && !when) || negated_verb(c, j))
        break; /* "told a crowded banquet hall at a hotel in Baltimore that" */
    }
  }
  for (uint32_t j = i; j < e && j - i < 12; j++) {
    if (is_word(c, j, "that") && outside(tk(c, j)))
      return j > i ? j : i;
    const ws__token *t = tk(c, j);
    if ((is_terminal(c, j) && !abbreviation_period(c, j)) || is_punct(c, j, ';') ||
        (outside(t) && cue_word(c, j)))
      return i; /* But "on Nov. 3 that" goes on. */
    if (t->type == WS__TOK_WORD && outside(t) && !(t->flags & WS__TF_CAP) &&
        !(t->lex & (WS__LEX_TITLES | WS__LEX_DETERMINERS | WS__LEX_AUDIENCES)) &&
        !is_word(c, j, "on") && !is_word(c, j, "in") && !is_word(c, j, "with") &&
        !memchr(c->doc->text + t->start, '-', t->end - t->start))
      return i; /* A plain lower-case word: the clause has begun. */
  }
  return i;
}

/* The "that" after a listener that starts with a name or a determiner and
 * holds only names, nouns, "and"/"of" between names, possessives, and
 * "on"/"at"/"in" with a day or a name: "told The Post and Courier newspaper
 * of Charleston on Saturday that", "told The Washington Post's editorial
 * board that", "told a Wall Street Journal lunch group that". UINT32_MAX
 * when no such "that" closes it. */
static uint32_t named_listener_then_that(const ctx *c, uint32_t i, uint32_t e) {
  uint32_t k = i; /* "told conservative radio host Hugh Hewitt on Wednesday that" */
  while (k < e && k - i < 4 && tk(c, k)->type == WS__TOK_WORD && outside(tk(c, k)) &&
         !(tk(c, k)->flags & WS__TF_CAP) && !(tk(c, k)->lex & (WS__LEX_FUNCTION_WORDS | WS__LEX_TITLES)))
    k++;
  if (k > i && k + 1 < e && (tk(c, k)->lex & WS__LEX_TITLES) && (tk(c, k + 1)->flags & WS__TF_CAP))
    i = k + 1;
  if (i >= e || !((tk(c, i)->flags & WS__TF_CAP) || (tk(c, i)->lex & WS__LEX_DETERMINERS)))
    return UINT32_MAX;
  for (uint32_t j = i; j < e && j - i < 14; j++) {
    const ws__token *t = tk(c, j);
    if (is_word(c, j, "that") && outside(t))
      return j > i + 1 ? j : UINT32_MAX;
    if (is_punct(c, j, ',') && j > i + 1 && j + 1 < e && is_word(c, j + 1, "that"))
      continue; /* "told Bill O’Reilly of Fox News, that" */
    if (t->type != WS__TOK_WORD || !outside(t) || cue_word(c, j) ||
        (t->lex & (PRONOUN_SUBJECTS | WS__LEX_AUX_ADVERBS)) || negated_verb(c, j))
      return UINT32_MAX; /* Punctuation, a pronoun or a verb: the clause has begun. */
    bool joins = (is_word(c, j, "and") || is_word(c, j, "of") || is_word(c, j, "on") ||
                  is_word(c, j, "at") || is_word(c, j, "in")) &&
                 j + 1 < e && (tk(c, j + 1)->flags & WS__TF_CAP);
    if ((t->lex & WS__LEX_FUNCTION_WORDS) && !(t->lex & WS__LEX_DETERMINERS) && !joins &&
        !(t->flags & WS__TF_CAP))
      return UINT32_MAX;
  }
  return UINT32_MAX;
}

/* True when the cue at token cue takes an infinitive: a promise ("vowed
 * to"; sets *promise) or a request ("urged supporters to"; sets *request). */
static bool infinitive_cue(const ctx *c, uint32_t cue, bool *promise, bool *request) {
  static const char *const promises[] = {"vow", "pledg", "promis", "threaten"};
  static const char *const requests[] = {"urg", "ask", "warn", "encourag", "exhort", "implor", "press"};
  const ws__token *t = tk(c, cue);
  const char *w = c->doc->text + t->start;
  size_t n = t->end - t->start;
  *promise = *request = false;
  for (size_t k = 0; k < sizeof promises / sizeof promises[0]; k++)
    *promise = *promise || (n > strlen(promises[k]) && strncmp(w, promises[k], strlen(promises[k])) == 0);
  for (size_t k = 0; k < sizeof requests / sizeof requests[0]; k++)
    *request = *request || (n > strlen(requests[k]) && strncmp(w, requests[k], strlen(requests[k])) == 0);
  return *promise || *request;
}

/* The start of an infinitive complement of a promise or a request at i,
 * after the cue and any listener: "vowed to take our fight …", "urged
 * supporters to monitor polling places" (from the listener when the cue's
 * complements did not take it). UINT32_MAX when there is none. */
static uint32_t infinitive_at(const ctx *c, uint32_t cue, uint32_t i, uint32_t e) {
  bool p = false, r = false;
  if (i + 1 >= e || !infinitive_cue(c, cue, &p, &r))
    return UINT32_MAX;
  if (p)
    return is_word(c, i, "to") && ((tk(c, i + 1)->flags & WS__TF_QOPEN) ||
                                   (tk(c, i + 1)->type == WS__TOK_WORD &&
                                    !(tk(c, i + 1)->flags & WS__TF_CAP)))
               ? i
               : UINT32_MAX;
  bool listener = true; /* Only a noun phrase so far: "the city's mayor". */
  for (uint32_t j = i; j < e && j <= i + 4; j++) {
    const ws__token *x = tk(c, j);
    if (x->type != WS__TOK_WORD || !outside(x))
      return UINT32_MAX;
    if (is_word(c, j, "to") && j + 1 < e &&
        ((tk(c, j + 1)->type == WS__TOK_WORD && !(tk(c, j + 1)->flags & WS__TF_CAP)) ||
         (tk(c, j + 1)->flags & WS__TF_QOPEN))) {
      if (!listener) /* "warning against moving …", "asked how it's … to add", */
        return is_word(c, i, "of") ? UINT32_MAX : i; /* not "encourages all of them to stay" */
      return j > i && is_word(c, j - 1, "not") ? j - 1 : j;
      /* "urged the mayor to …", "urged the public not to …": the listener is
       * no part of the words, with quotation marks or without. */
    }
    if ((x->lex & WS__LEX_FUNCTION_WORDS) && !(x->lex & WS__LEX_DETERMINERS) &&
        !is_word(c, j, "not"))
      listener = false;
  }
  return UINT32_MAX;
}

/* "X said (that) …" with the clause after the cue. */
static uint32_t question_at(const ctx *c, uint32_t cue, uint32_t i, uint32_t e);

/* The text of the noun phrase ending with the noun at token n, from its
 * determiner when one comes within three words: "a written statement". */
static ws_str noun_phrase_before(const ctx *c, uint32_t n, uint32_t floor) {
  uint32_t f = n;
  for (uint32_t k = n; k > floor && n - k < 3; k--) {
    const ws__token *t = tk(c, k - 1);
    if (t->type != WS__TOK_WORD || !outside(t))
      break;
    if (t->lex & WS__LEX_DETERMINERS) {
      f = k - 1;
      break;
    }
  }
  return span_str(c, f, n);
}

/* True for a finite verb that makes "that" before it a pronoun: was, is,
 * would, will, could, has, had, makes, made, means, meant, should, can,
 * might, must, seems, sounds, does, did (only those of the token's length
 * are compared). */
static bool finite_after_that(const ctx *c, uint32_t i) {
  switch (tk(c, i)->end - tk(c, i)->start) {
  case 2:
    return is_word(c, i, "is");
  case 3:
    return is_word(c, i, "was") || is_word(c, i, "has") || is_word(c, i, "had") ||
           is_word(c, i, "can") || is_word(c, i, "did");
  case 4:
    return is_word(c, i, "will") || is_word(c, i, "made") || is_word(c, i, "must") ||
           is_word(c, i, "does");
  case 5:
    return is_word(c, i, "would") || is_word(c, i, "could") || is_word(c, i, "makes") ||
           is_word(c, i, "means") || is_word(c, i, "meant") || is_word(c, i, "might") ||
           is_word(c, i, "seems");
  case 6:
    return is_word(c, i, "should") || is_word(c, i, "sounds");
  default:
    return false;
  }
}

/* True when "that" at token i is a pronoun subject rather than a
 * conjunction: a finite verb follows it ("said that was a natural part").
 * */
static bool demonstrative_that(const ctx *c, uint32_t i) {
  return i + 2 < c->doc->ntok && outside(tk(c, i + 1)) &&
         (finite_after_that(c, i + 1) || negated_verb(c, i + 1));
}

static ws_status cue_then_clause(ctx *c, uint32_t s, uint32_t e, uint32_t cue, bool *done) {
  ws__np np;
  bool part = participle(c, cue);
  bool coordinated = !part && cue > s + 2 && (is_word(c, cue - 1, "and") || is_word(c, cue - 1, "but"));
  bool ok = part ? (cue > s &&
                    (is_punct(c, cue - 1, ',') || is_word(c, cue - 1, "by") ||
                     (tk(c, cue - 1)->lex & WS__LEX_STATEMENT_NOUNS)) &&
                    sentence_subject(c, s, cue, &np)) /* "issued a statement saying" */
          : coordinated ? sentence_subject(c, s, cue, &np) /* "X bemoaned … and said …" */
                        : (subject_before_cue(c, cue, s, &np) ||
                           (cue > s + 3 && is_punct(c, cue - 1, ',') && loose_subject(c, s, cue, &np)));
  /* The last: "The news organization, citing a source, reported that …". */
  if (!ok)
    return WS_OK;
  uint32_t i = skip_complements(c, cue + cue_span(c, cue) - 1, e); /* After "points out". */
  uint32_t named = (tk(c, cue)->lex & WS__LEX_ADDRESSEE_VERBS) && !is_word(c, i, "that")
                       ? named_listener_then_that(c, cue + 1, e)
                       : UINT32_MAX;
  if (named != UINT32_MAX)
    i = named; /* "told The Post and Courier newspaper of Charleston on Saturday that" */
  else if (i < e && !is_word(c, i, "that") &&
           ((tk(c, cue)->lex & WS__LEX_ADDRESSEE_VERBS) || is_word(c, i, "on") || is_word(c, i, "in")))
    i = listener_then_that(c, i, e);
  uint32_t wh = question_at(c, cue, i, e);
  uint32_t framed = wh != UINT32_MAX ? i : skip_clause_frame(c, i, e);
  bool that = i < e && is_word(c, i, "that");
  uint32_t inf = that || framed != i || wh != UINT32_MAX ? UINT32_MAX : infinitive_at(c, cue, i, e);
  if (wh != UINT32_MAX)
    i = wh, that = true; /* "asked Rubio if he still believes …": the question. */
  else if (framed != i)
    i = framed, that = true; /* Already past the frame and its "that". */
  else if (that && !demonstrative_that(c, i))
    i++;
  else if (that)
    ; /* "said that was a natural part of …": "that" is the subject. */
  else if (inf != UINT32_MAX)
    i = inf; /* "vowed to take our fight …", "urged supporters to monitor …" */
  else if (i >= e || !clause_start(c, i) ||
           !(bare_clause_verb(c, cue) ||
             (show_verb(c, cue) && !np.pronoun && shows_something(c, &np))))
    return WS_OK; /* Participles too: "…, saying the court was wrong". Polls show; people do not. */
  if (i >= e || (!outside(tk(c, i)) && tk(c, i)->quote >= 0 && c->quote_draft[tk(c, i)->quote] >= 0))
    return WS_OK; /* A quote right after: the direct pass took it. */
  uint32_t semi = i;
  while (semi < e && !(is_punct(c, semi, ';') && outside(tk(c, semi))))
    semi++; /* "… was not intentional; they only learned …": the writer goes on. */
  uint32_t l = content_last(c, i, semi);
  if (l < i + 2)
    return WS_OK;
  int32_t a = new_attr(c, &np, cue, cue);
  if (a >= 0)
    scan_venue(c, attr_at(c, a), cue, i), told_name(c, attr_at(c, a), i);
  if (a >= 0 && part && (tk(c, cue - 1)->lex & WS__LEX_STATEMENT_NOUNS) &&
      !attr_at(c, a)->channel.ptr)
    attr_at(c, a)->channel = noun_phrase_before(c, cue - 1, s); /* "a statement saying" */
  *done = true;
  return add_reported(c, i, l, a, that ? 0.8 : 0.7);
}

/* True when the clause before a speaker at token np ends in a quotation
 * that closes after a comma and is not a statement of its own: "The French
 * are big fans of “Prison Break,” Mr. Madden said." The quotation must open
 * inside the clause, well after the sentence start s. */
static bool quoted_comma_before(const ctx *c, uint32_t s, uint32_t np) {
  uint32_t m = np - 1;
  if (m > s && (tk(c, m)->flags & WS__TF_QCLOSE) && (tk(c, m - 1)->flags & WS__TF_QCLOSE) &&
      tk(c, m - 1)->end == tk(c, m)->start)
    m--; /* The first ' of a closing ''. */
  const ws__token *t = tk(c, m);
  if (!(t->flags & WS__TF_QCLOSE) || m < s + 3 || !is_punct(c, m - 1, ','))
    return false;
  int32_t q = tk(c, m - 1)->quote;
  if (q < 0 || c->quote_draft[q] >= 0)
    return false;
  return (uint32_t)c->doc->quotes[q].open > s + 2;
}

/* The start of a reported question after a cue of asking at cue and its
 * listener from token i: "asked Rubio if he still believes …", "wondered
 * whether the plan would pass". UINT32_MAX when there is none. */
static uint32_t question_at(const ctx *c, uint32_t cue, uint32_t i, uint32_t e) {
  static const listed_word asks[] = {LW("asked"), LW("asks"), LW("ask"), LW("asking"),
                                     LW("wondered"), LW("wonders"), LW("questioned"),
                                     LW("inquired")};
  static const listed_word whs[] = {LW("whether"), LW("if"), LW("how"), LW("why"),
                                    LW("what"), LW("when"), LW("where"), LW("who")};
  unsigned first = (unsigned char)c->doc->text[tk(c, cue)->start] | 0x20u;
  if ((first != 'a' && first != 'w' && first != 'q' && first != 'i') || /* Most cues: "said". */
      !word_in(c, cue, asks, sizeof asks / sizeof asks[0]))
    return UINT32_MAX;
  for (uint32_t j = i; j < e && j - i < 6; j++) {
    const ws__token *t = tk(c, j);
    if (!outside(t) || t->type != WS__TOK_WORD)
      return UINT32_MAX;
    if ((t->lex & WS__LEX_FUNCTION_WORDS) && /* As every word of whs. */
        word_in(c, j, whs, sizeof whs / sizeof whs[0]))
      return j + 3 < e ? j : UINT32_MAX;
    if (!(t->flags & WS__TF_CAP) && !object_pronoun(c, j) &&
        !(t->lex & (WS__LEX_DETERMINERS | WS__LEX_TITLES | WS__LEX_AUDIENCES | WS__LEX_GROUP_NOUNS)))
      return UINT32_MAX; /* Only a listener may come between: "asked him", "asked the mayor". */
  }
  return UINT32_MAX;
}

/* "…, X said." and "…, said X." with the clause before the cue. */
/* True when the tokens [f, l) are only an opening adverbial phrase, not a
 * clause: "Before the vote on Tuesday, Capt. Owen Bakare spoke …". */
static bool opening_phrase_only(const ctx *c, uint32_t f, uint32_t l) {
  static const listed_word openers[] = {
      LW("before"), LW("after"), LW("during"), LW("in"),    LW("on"),    LW("at"),
      LW("when"),   LW("while"), LW("since"),  LW("as"),    LW("despite"), LW("following"),
      LW("amid"),   LW("earlier"), LW("later"), LW("last"), LW("this")};
  if (!word_in(c, f, openers, sizeof openers / sizeof openers[0]) || l - f > 10)
    return false;
  for (uint32_t i = f; i < l; i++)
    if (tk(c, i)->lex & WS__LEX_AUX_ADVERBS && !(tk(c, i)->flags & WS__TF_CAP) &&
        (is_word(c, i, "is") || is_word(c, i, "was") || is_word(c, i, "are") ||
         is_word(c, i, "were") || is_word(c, i, "has") || is_word(c, i, "had") ||
         is_word(c, i, "would") || is_word(c, i, "will")))
      return false; /* "When the vote was over, …": a clause of its own. */
  return true;
}

/* True when the tokens [f, l) are titles and one name and nothing else. */
static bool only_a_name(const ctx *c, uint32_t f, uint32_t l) {
  int32_t e = -1;
  for (uint32_t i = f; i < l; i++) {
    int32_t m = ws__mention_entity_at(&c->people, i);
    if (m >= 0 && (e < 0 || m == e))
      e = m;
    else if (!(is_punct(c, i, '.') || is_punct(c, i, ',') ||
               (tk(c, i)->lex & (WS__LEX_TITLES | WS__LEX_HONORIFICS | WS__LEX_HONORIFICS_MALE |
                                 WS__LEX_HONORIFICS_FEMALE))))
      return false;
  }
  return e >= 0;
}

static ws_status clause_then_cue(ctx *c, uint32_t s, uint32_t e, uint32_t cue, bool *done) {
  ws__np np;
  uint32_t f;
  uint32_t tail = skip_complements(c, cue, e);
  uint32_t rest = UINT32_MAX; /* "X, Mr. Clarke said, until …": the clause goes on. */
  if (subject_before_cue(c, cue, s, &np) && np.first > s + 2 &&
      (is_punct(c, np.first - 1, ',') || quoted_comma_before(c, s, np.first))) {
    f = np.first - 1;
    if (!is_punct(c, f, ','))
      f++; /* The clause keeps its closing mark: big fans of “Prison Break,” */
    if (tail < e && is_punct(c, tail, ',') && tail + 3 < e)
      rest = tail + 1;
    else if (tail < e && !is_terminal(c, tail) && !is_dash(c, tail))
      return WS_OK; /* A dash ends the tag: "…, Bill Clinton said this week — an apparent reversal" */
  } else if (cue > s + 2 && is_punct(c, cue - 1, ',') && !participle(c, cue) &&
             ws__np_after(&c->people, cue + 1, e, &np) && !np.pronoun) {
    /* "…, said X." but not "The news organization, citing a source, …" */
    f = cue - 1;
    uint32_t t2 = np.last + 1;
    if (t2 < e && (!is_terminal(c, t2) || abbreviation_period(c, t2)) && !is_punct(c, t2, ','))
      return WS_OK; /* Not "…, told VOA correspondent Carla Babb on Nov. that …" */
    if (t2 < e && is_punct(c, t2, ',') && t2 + 3 < e)
      rest = t2 + 1;
  } else {
    return WS_OK;
  }
  uint32_t start = skip_frame(c, dateline_end(c, s, e), e);
  bool goes_on = rest != UINT32_MAX && outside(tk(c, rest)) && !cue_word(c, rest) &&
                 !ing_word(c, rest); /* Not ", offering the example of …" */
  if (f <= start + 2 || only_a_name(c, start, f) || (opening_phrase_only(c, start, f) && !goes_on))
    return WS_OK; /* "Cmdr. Sean Robertson, a spokesperson for …, told": no clause. */
  int32_t a = new_attr(c, &np, cue, cue);
  if (a >= 0)
    scan_venue(c, attr_at(c, a), cue, e);
  *done = true;
  ws_status st = add_reported(c, start, f - 1, a, 0.75);
  if (st == WS_OK && goes_on)
    st = add_reported(c, rest, content_last(c, rest, e), a, 0.75);
  return st;
}

/* Finds reported speech in sentence [s, e). */
static ws_status reported_in_sentence(ctx *c, uint32_t s, uint32_t e) {
  ws_status st = according_to(c, s, e);
  if (st != WS_OK)
    return st;
  for (size_t k = first_cand(c, s); k < c->ncands && c->cands[k] < e; k++) {
    uint32_t i = c->cands[k];
    if (!cue_word(c, i) || c->used[i])
      continue; /* cue_word tests the classes first: most words are no cue. */
    if (!(tk(c, i)->lex & WS__LEX_SPEECH_VERBS) && i + 1 >= e)
      continue; /* A speech phrase goes on in its sentence. */
    bool done = false;
    st = clause_then_cue(c, s, e, i, &done);
    if (st == WS_OK && !done)
      st = cue_then_clause(c, s, e, i, &done);
    if (st != WS_OK)
      return st; /* After one clause, later cues of the sentence may report again. */
  }
  return WS_OK;
}

/* ---- Transcripts ---------------------------------------------------------- */

/* True when every letter of tokens [from, to) is a capital and there is at
 * least one: "PENCE", "MR. SMITH". */
static bool all_caps_run(const ctx *c, uint32_t from, uint32_t to) {
  bool letter = false;
  for (uint32_t i = from; i < to; i++) {
    const ws__token *t = tk(c, i);
    for (uint32_t b = t->start; b < t->end; b++) {
      unsigned char ch = (unsigned char)c->doc->text[b];
      if (ch >= 'a' && ch <= 'z')
        return false;
      letter |= ch >= 'A' && ch <= 'Z';
    }
  }
  return letter;
}


/* The speaker of "A:" answers: the first person the article names as the
 * subject of a sentence before them (the interview's introduction).
 * Returns an attribution without mention or cue, -1 when out of memory and
 * -2 when there is no such person. */
static int32_t interviewee_attr(ctx *c, uint32_t before) {
  ws__people *p = &c->people;
  int32_t who = -1;
  for (size_t k = 0; k < p->mentions.len && who < 0; k++) {
    ws__mention *m = &WS__VEC_AT(&p->mentions, ws__mention, k);
    if (m->first >= before)
      break;
    if (m->subject && WS__VEC_AT(&p->entities, ws__entity, m->entity).type != WS__ENT_ORG)
      who = m->entity;
  }
  if (who < 0)
    return -2;
  attribution *a = WS__VEC_PUSH(&c->attrs, attribution);
  if (!a)
    return -1;
  a->has_np = true;
  a->np.entity = who;
  return (int32_t)(c->attrs.len - 1);
}

/* True for a label of a page or a wire story before a colon, which names
 * no speaker: "BYLINE:", "CORRECTION:", "UPDATE:", "WATCH:". */
static bool page_label(const ctx *c, uint32_t i) {
  static const listed_word labels[] = {
      LW("byline"),   LW("correction"), LW("corrections"), LW("update"),    LW("updated"),
      LW("previously"), LW("look"),     LW("exclusive"),   LW("email"),     LW("busted"),
      LW("boom"),     LW("watch"),      LW("video"),       LW("photo"),     LW("photos"),
      LW("caption"),  LW("source"),     LW("sources"),     LW("dateline"),  LW("section"),
      LW("length"),   LW("highlight"),  LW("abstract"),    LW("graphic"),   LW("editor"),
      LW("note"),     LW("related"),    LW("read"),        LW("listen"),    LW("breaking"),
      LW("warning"),  LW("disclosure")};
  return word_in(c, i, labels, sizeof labels / sizeof labels[0]);
}

/* "PENCE: Well, look, …" and "Q: …": a paragraph that opens with a short
 * name and a colon is that speaker's words, up to the paragraph's end. */
/* True when a label in mixed case before a colon names who speaks: a
 * person, or in the headline (the first paragraph) a written source ("Poll:
 * …") or a name the article uses again ("Politifact: …"). "Star Wars Jedi:
 * Fallen Order is …" and "New Release: …" are no turns. */
static bool turn_label(const ctx *c, const ws__np *np, uint32_t para) {
  int type = np->entity >= 0 ? ws__entity_type(&c->people, np->entity) : WS__ENT_ORG;
  if (type == WS__ENT_PERSON)
    return true;
  if (type == WS__ENT_UNKNOWN && np->first == np->last &&
      ws__entity_words(&c->people, np->entity) >= 2)
    return true; /* "Eugênio:" for Eugênio Tadeu, a first name the lists lack. */
  if (para != 0)
    return false;
  if (np->entity < 0)
    return np->first == np->last && (tk(c, np->last)->lex & WS__LEX_DOCUMENT_NOUNS);
  const ws__vec *ms = &c->people.mentions;
  for (size_t k = 0; k < ms->len; k++) {
    const ws__mention *m = &WS__VEC_AT(ms, ws__mention, k);
    if (m->entity == np->entity && tk(c, m->first)->para != 0)
      return true;
  }
  return false;
}

/* True when tokens [f, l] are one closed quotation, marks included, with at
 * most a period after it. */
static bool whole_quote(const ctx *c, uint32_t f, uint32_t l) {
  if (f + 2 > l || !(tk(c, f)->flags & WS__TF_QOPEN))
    return false;
  int32_t qi = tk(c, f + 1)->quote;
  if (qi < 0)
    return false;
  const ws__quote *q = quote_at(c, qi);
  if (mark_open(c, q) != f || q->close < 0 || q->first > q->last)
    return false;
  uint32_t k = mark_close(c, q);
  return k == l || (k + 1 == l && is_terminal(c, l));
}

static ws_status transcript_paragraph(ctx *c, uint32_t para) {
  uint32_t f = c->doc->para_first[para], e = c->doc->para_first[para + 1];
  /* A transcript quoted whole opens each turn with a quotation mark:
   * "WALLACE: Let's start …  The turn's name is then inside that quote. */
  int32_t opened = -1;
  if (f + 1 < e && (tk(c, f)->flags & WS__TF_QOPEN) && tk(c, f + 1)->quote >= 0 &&
      c->doc->quotes[tk(c, f + 1)->quote].open == (int32_t)f) {
    opened = tk(c, f + 1)->quote;
    f++;
  }
  bool caps_only = opened >= 0;
  if (opened < 0 && f + 1 < e && stray_double(c, f))
    f++, caps_only = true; /* "PENCE: Well, … with a mark that pairs with nothing. */
  uint32_t i = f;
  if (f + 1 < e && is_punct(c, f + 1, ':') && (is_word(c, f, "q") || is_word(c, f, "a")))
    i = f + 1;
  while (i < e && i - f < 5 && !is_punct(c, i, ':') &&
         ((tk(c, i)->type == WS__TOK_WORD && (outside(tk(c, i)) || tk(c, i)->quote == opened) &&
           (tk(c, i)->flags & WS__TF_CAP) && !(tk(c, i)->lex & WS__LEX_FUNCTION_WORDS)) ||
          (i > f && is_punct(c, i, '.') && tk(c, i - 1)->end == tk(c, i)->start &&
           (tk(c, i - 1)->lex & (WS__LEX_HONORIFICS | WS__LEX_HONORIFICS_MALE |
                                 WS__LEX_HONORIFICS_FEMALE)))))
    i++; /* "PENCE:", "Dr. Ben Carson:" */
  uint32_t name_last = UINT32_MAX; /* Set when a party tag follows the name. */
  const char *tag = i + 1 < e ? c->doc->text + tk(c, i + 1)->start : NULL;
  if (!caps_only && i > f + 1 && i + 3 < e && is_punct(c, i, '(') &&
      tk(c, i + 1)->end - tk(c, i + 1)->start >= 3 && tag[1] == '-' &&
      (tag[0] == 'R' || tag[0] == 'D' || tag[0] == 'I')) {
    uint32_t k = i + 1; /* "Rep. Trey Gowdy (R-S.C.):" */
    while (k < e && k - i < 8 && !is_punct(c, k, ')') && outside(tk(c, k)))
      k++;
    if (k + 1 < e && is_punct(c, k, ')') && is_punct(c, k + 1, ':'))
      name_last = i - 1, i = k + 1;
  }
  if (!caps_only && i < e && !is_punct(c, i, ':') && i > f) {
    /* A longer label before a whole quotation: "Former secretary of state
     * Hillary Rodham Clinton: “We learned …”". */
    uint32_t k = i;
    while (k < e && k - f < 12 && tk(c, k)->type == WS__TOK_WORD && outside(tk(c, k)))
      k++;
    if (k < e && is_punct(c, k, ':') && whole_quote(c, k + 1, e - 1))
      i = k;
  }
  /* Inside a quotation the name must be in capitals ("PENCE:"), so that a
   * quoted sentence with a colon is not taken for a turn. */
  if (caps_only && !(i > f && all_caps_run(c, f, i)))
    return WS_OK;
  if (i == f || i + 3 >= e || !is_punct(c, i, ':') || (i == f + 1 && page_label(c, f)))
    return WS_OK;
  uint32_t last = e - 1;
  if (opened >= 0 && last > i + 1 && (tk(c, last)->flags & WS__TF_QCLOSE))
    last--; /* The closing mark of the last turn is not part of the words. */
  uint32_t body = i + 1;
  if (opened < 0 && whole_quote(c, body, last)) {
    const ws__quote *q = quote_at(c, tk(c, body + 1)->quote);
    body = (uint32_t)q->first, last = (uint32_t)q->last; /* "NAME: “…”": the words inside the marks. */
  }
  int32_t a;
  bool answer = false;
  if (i == f + 1 && (is_word(c, f, "q") || is_word(c, f, "a"))) {
    if (is_word(c, f, "q")) {
      for (uint32_t k = i + 1; k <= last; k++)
        c->used[k] = 1; /* A question is the interviewer's, not a statement. */
      return WS_OK;
    }
    a = interviewee_attr(c, f);
    answer = true;
  } else if (caps_only) {
    /* The name is inside the quotation, where noun phrases are not parsed:
     * a surname in capitals names a person of the article. */
    ws__np np;
    memset(&np, 0, sizeof np);
    np.first = f, np.last = i - 1;
    np.entity = i == f + 1 ? ws__entity_by_caps(&c->people, f) : -1;
    a = new_attr(c, &np, i, i);
  } else {
    ws__np np;
    if (!ws__np_before(&c->people, name_last != UINT32_MAX ? name_last : i - 1, f, &np))
      return WS_OK;
    if (para == 0 && np.entity < 0 && np.first == np.last && i == f + 1) {
      np.entity = ws__entity_by_caps(&c->people, f); /* "Milbank: …" for Dana Milbank. */
      if (np.entity < 0 && (tk(c, f)->lex & (WS__LEX_FIRST_NAMES_MALE | WS__LEX_FIRST_NAMES_FEMALE)))
        np.entity = ws__entity_by_first(&c->people, f); /* "Hillary: …" */
    }
    if (!turn_label(c, &np, para))
      return WS_OK;
    if (np.first > f && !np.has_role && np.entity >= 0) {
      np.has_role = true; /* The words before the name are its role. */
      np.role_first = f, np.role_last = np.first - 1;
      np.first = f;
    }
    a = new_attr(c, &np, i, i);
  }
  if (a < 0)
    return a == -1 ? WS_ERR_NOMEM : WS_OK;
  ws_kind kind = WS_KIND_DIRECT; /* A headline "NAME: words with a “quoted” part" paraphrases. */
  if (para == 0 && opened < 0 && has_quote(c, body, last) && !whole_quote(c, body, last))
    kind = WS_KIND_MIXED;
  int32_t d = add_draft(c, kind, tk(c, body)->start, tk(c, last)->end, a, 0.8);
  if (d == -2)
    return WS_ERR_NOMEM;
  WS__VEC_AT(&c->drafts, draft, d).inherited = answer;
  for (uint32_t k = i + 1; k <= last; k++) {
    c->used[k] = 1;
    if (tk(c, k)->quote >= 0)
      c->quote_draft[tk(c, k)->quote] = d;
  }
  return WS_OK;
}

/* A headline that names its source last: "Clinton Hid Past Health Problems
 * From Public, Former White House Doctor Says." The words before the comma
 * (or colon) are the source's; the source is a short capitalised phrase
 * right before a speech verb that ends the headline. */
static ws_status headline_source_last(ctx *c) {
  if (c->doc->npara < 2)
    return WS_OK;
  uint32_t e = c->doc->para_first[1], v = e - 1;
  if (e < 5 || e > 60)
    return WS_OK;
  if (is_terminal(c, v) && outside(tk(c, v)))
    v--;
  if (!(tk(c, v)->lex & WS__LEX_SPEECH_VERBS) || !(tk(c, v)->flags & WS__TF_CAP) ||
      !outside(tk(c, v)) || c->used[v])
    return WS_OK;
  uint32_t k = v;
  while (k > 0 && v - k < 6 && tk(c, k - 1)->type == WS__TOK_WORD && outside(tk(c, k - 1)) &&
         ((tk(c, k - 1)->flags & WS__TF_CAP) || (tk(c, k - 1)->lex & WS__LEX_FUNCTION_WORDS)))
    k--;
  if (k == v || k < 3 || !(is_punct(c, k - 1, ',') || is_punct(c, k - 1, ':')) ||
      !outside(tk(c, k - 1)))
    return WS_OK;
  ws__np np;
  if (!ws__np_before(&c->people, v - 1, k, &np) || np.first != k || np.pronoun)
    return WS_OK;
  uint32_t last = k - 2;
  int32_t a = new_attr(c, &np, v, v);
  if (a < 0)
    return WS_ERR_NOMEM;
  ws_kind kind = whole_quote(c, 0, last)  ? WS_KIND_DIRECT
                 : has_quote(c, 0, last) ? WS_KIND_MIXED
                                         : WS_KIND_INDIRECT;
  uint32_t start = tk(c, 0)->start, end = tk(c, last)->end;
  if (kind == WS_KIND_DIRECT) {
    const ws__quote *q = quote_at(c, tk(c, 1)->quote);
    start = q->start, end = q->end;
  }
  int32_t d = add_draft(c, kind, start, end, a, 0.8);
  if (d == -2)
    return WS_ERR_NOMEM;
  for (uint32_t i = 0; i <= last; i++)
    if (tk(c, i)->quote >= 0)
      c->quote_draft[tk(c, i)->quote] = d;
  return WS_OK;
}

/* ---- Output -------------------------------------------------------------- */

static int cmp_draft(const void *a, const void *b) {
  const draft *x = a, *y = b;
  return (x->start > y->start) - (x->start < y->start);
}

/* A sentence saying where an entity spoke: "Kardashian … spoke with
 * journalists", "… addressed it on her Instagram Stories". */
typedef struct venue_event {
  int32_t entity;
  uint32_t tok; /* First token of the venue phrase. */
  bool noun;    /* A statement noun ("in a letter"), else a venue ("on X"). */
} venue_event;

/* Collects venue events for subject mentions, in document order. */
static ws_status note_context_channels(ctx *c, ws__vec *events) {
  ws__people *p = &c->people;
  for (size_t k = 0; k < p->mentions.len; k++) {
    ws__mention *m = &WS__VEC_AT(&p->mentions, ws__mention, k);
    if (!m->subject)
      continue;
    uint32_t e = sent_end(c, m->first);
    uint32_t stop = e < m->last + 40 ? e : m->last + 40;
    for (uint32_t i = m->last + 1; i < stop; i++) {
      if (!(tk(c, i)->lex & WS__LEX_FUNCTION_WORDS))
        continue; /* The cheap test first: in, at, on, to, with, during are function words. */
      uint32_t wl = tk(c, i)->end - tk(c, i)->start;
      if (wl != 2 && wl != 4 && wl != 6)
        continue;
      if (!outside(tk(c, i)))
        continue; /* "Rourke, whose album “Dust” made her a star, addressed …" */
      ws_str ch = {0};
      bool noun = (wl == 2 || wl == 6) && statement_noun_at(c, i, e, &ch) != 0; /* "in a letter" */
      if (noun || ((is_word(c, i, "with") || is_word(c, i, "to") || is_word(c, i, "on")) &&
                   venue_at(c, i + 1, e, &ch))) {
        venue_event *ev = WS__VEC_PUSH(events, venue_event);
        if (!ev)
          return WS_ERR_NOMEM;
        ev->entity = m->entity;
        ev->tok = noun ? i : i + 1;
        ev->noun = noun;
        break;
      }
    }
  }
  return WS_OK;
}

/* The paragraph holding byte pos (binary search over paragraph starts). */
static uint32_t para_of_byte(const ctx *c, uint32_t pos) {
  uint32_t lo = 0, hi = c->doc->npara;
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (tk(c, c->doc->para_first[mid])->start <= pos)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

/* The channel of entity e's latest venue event in bytes (after, pos), within
 * a few paragraphs. */
static ws_str context_channel(ctx *c, const ws__vec *events, int32_t e, uint32_t after,
                              uint32_t pos) {
  ws_str ch = {0};
  size_t seen = 0;
  for (size_t k = events->len; e >= 0 && k-- > 0 && seen++ < 64;) {
    const venue_event *ev = &WS__VEC_AT(events, venue_event, k);
    if (ev->entity != e || tk(c, ev->tok)->start > pos)
      continue;
    if (tk(c, ev->tok)->start < after)
      break;
    if (para_of_byte(c, pos) - tk(c, ev->tok)->para <= 4) {
      if (ev->noun)
        statement_noun_at(c, ev->tok, c->doc->ntok, &ch);
      else
        venue_at(c, ev->tok, c->doc->ntok, &ch);
    }
    break;
  }
  return ch;
}

/* The entity an attribution's speaker resolved to. */
static int32_t attr_entity(ctx *c, int32_t a) {
  if (a < 0 || !attr_at(c, a)->has_np)
    return -1;
  return attr_at(c, a)->np.entity;
}

static ws_str role_of(ctx *c, const attribution *a) {
  ws_str r = {0};
  if (!a->has_np)
    return r;
  if (a->np.has_role) {
    uint32_t l = a->np.role_last;
    if (l >= a->np.role_first + 2 && is_punct(c, l, '.') &&
        (tk(c, l - 1)->lex & (WS__LEX_HONORIFICS_MALE | WS__LEX_HONORIFICS_FEMALE)))
      l -= 2; /* "GOP presidential candidate Mr." is no role's end. */
    return span_str(c, a->np.role_first, l);
  }
  if (a->np.entity >= 0) {
    ws__entity *x = &WS__VEC_AT(&c->people.entities, ws__entity, a->np.entity);
    if (x->has_role)
      return span_str(c, x->role_first, x->role_last);
  }
  return r;
}

/* Fills the public statement for draft d. */
static ws_status fill_statement(ctx *c, const draft *d, ws_statement *st, ws_str *last_channel,
                                uint32_t *last_pos, const ws__vec *events) {
  st->kind = d->kind;
  st->text.text.ptr = c->doc->text + d->start;
  st->text.text.len = d->end - d->start;
  st->text.start = d->start, st->text.end = d->end;
  st->confidence = d->conf;
  if (d->attr >= 0) {
    attribution *a = attr_at(c, d->attr);
    st->group = a->group;
    if (a->has_np) {
      st->speaker = ws__entity_name(&c->people, a->np.entity);
      st->speaker_role = role_of(c, a);
      if (!d->inherited && a->np.last >= a->np.first)
        st->speaker_mention = (ws_span){span_str(c, a->np.first, a->np.last),
                                        tk(c, a->np.first)->start, tk(c, a->np.last)->end};
    }
    if (a->has_cue && !d->inherited)
      st->cue = (ws_span){span_str(c, a->cue_first, a->cue_last), tk(c, a->cue_first)->start,
                          tk(c, a->cue_last)->end};
    st->channel = a->channel;
    st->date = d->inherited ? (ws_str){0} : a->date;
    st->addressee = d->inherited ? (ws_str){0} : a->addressee;
    int32_t e = attr_entity(c, d->attr);
    if (!st->channel.ptr && e >= 0) {
      st->channel = context_channel(c, events, e, last_pos[e], d->start);
      if (!st->channel.ptr)
        st->channel = last_channel[e];
    }
    if (e >= 0 && st->channel.ptr)
      last_channel[e] = st->channel, last_pos[e] = d->start;
  }
  ws__vec figs;
  ws__vec_init(&figs, sizeof(ws_figure));
  ws_status s = ws__find_figures(c->doc->text, d->start, d->end, &figs);
  if (s == WS_OK && figs.len) {
    ws_figure *f = ws__arena_alloc(c->arena, figs.len * sizeof(ws_figure));
    if (!f)
      s = WS_ERR_NOMEM;
    else {
      memcpy(f, figs.items, figs.len * sizeof(ws_figure));
      st->figures = f;
      st->n_figures = figs.len;
    }
  }
  ws__vec_free(&figs);
  return s;
}

/* Numbers groups in document order and writes the statements. */
static ws_status emit_all(ctx *c, ws__vec *out) {
  size_t unsorted = 1; /* Drafts usually come in order: then no sort. */
  while (unsorted < c->drafts.len && cmp_draft((draft *)c->drafts.items + unsorted - 1,
                                               (draft *)c->drafts.items + unsorted) <= 0)
    unsorted++;
  if (unsorted < c->drafts.len)
    qsort(c->drafts.items, c->drafts.len, sizeof(draft), cmp_draft);
  ws__vec events;
  ws__vec_init(&events, sizeof(venue_event));
  ws_str *last_channel = calloc(c->people.entities.len + 1, sizeof(ws_str));
  uint32_t *last_pos = calloc(c->people.entities.len + 1, sizeof(uint32_t));
  ws_status st = last_channel && last_pos ? note_context_channels(c, &events) : WS_ERR_NOMEM;
  uint32_t groups = 0, lone = 0;
  for (size_t k = 0; k < c->drafts.len && st == WS_OK; k++) {
    draft *d = &WS__VEC_AT(&c->drafts, draft, k);
    if (d->attr >= 0 && attr_at(c, d->attr)->group == 0)
      attr_at(c, d->attr)->group = ++groups + lone;
    ws_statement *s = WS__VEC_PUSH(out, ws_statement);
    if (!s) {
      st = WS_ERR_NOMEM;
      break;
    }
    st = fill_statement(c, d, s, last_channel, last_pos, &events);
    if (d->attr < 0)
      s->group = groups + ++lone;
  }
  free(last_channel);
  free(last_pos);
  ws__vec_free(&events);
  return st;
}

/* Whether token i is a candidate of collect_cands, by its rule as written
 * (with branches: for the few tokens the quick test cannot settle). */
static bool cand_slow(const ctx *c, uint32_t i) {
  const ws__doc *d = c->doc;
  uint32_t lex = d->tok[i].lex;
  if (!(lex & (WS__LEX_SPEECH_VERBS | WS__LEX_PHRASE_HEAD)))
    return false;
  return (lex & WS__LEX_SPEECH_VERBS) ||
         (!(lex & WS__LEX_FUNCTION_WORDS) && i + 1 < d->ntok &&
          ((d->tok[i + 1].lex & WS__LEX_FUNCTION_WORDS) || is_word(c, i + 1, "clear"))) ||
         is_word(c, i, "according");
}

#ifdef WS__SSE2_CANDS
/* For each set of four tokens (bit k for token k), the offsets of the
 * tokens in the set, in order; the lanes after them are stored past the
 * count, where the next store or nothing reads them. */
static const _Alignas(16) uint32_t CAND_OFFSETS[16][4] = {
    {0}, {0}, {1}, {0, 1}, {2}, {0, 2}, {1, 2}, {0, 1, 2},
    {3}, {0, 3}, {1, 3}, {0, 1, 3}, {2, 3}, {0, 2, 3}, {1, 2, 3}, {0, 1, 2, 3}};
#endif

/* Collects the tokens the sentence scans look at: speech verbs, heads of
 * speech phrases (a word whose next word is a function word or "clear", as
 * cue_word() requires) and "according". Returns false when out of memory. */
static bool collect_cands(ctx *c) {
  const ws__doc *d = c->doc;
  c->cands = malloc((d->ntok + 1) * sizeof *c->cands);
  if (!c->cands)
    return false;
  const ws__token *t = d->tok;
  const uint32_t sv = WS__LEX_SPEECH_VERBS, ph = WS__LEX_PHRASE_HEAD,
                 fw = WS__LEX_FUNCTION_WORDS;
  size_t n = 0;
  uint32_t last = d->ntok ? d->ntok - 1 : 0;
  /* Two passes, neither with a branch on what a token is: one token in
   * seven is a phrase head or a verb, at random, and a branch on that was
   * mispredicted often enough to make this loop 3% of the whole command's
   * time. First every token but the last that has a speech verb's or a
   * phrase head's class (no other can be a candidate), in order, into
   * cands; then, in place (the k-th goes to n <= k), those that are
   * candidates. A speech verb, or a phrase head that is no function word
   * before one, is a candidate (quick); the rest of the rule, "according"
   * (9 bytes) and a phrase head before "clear" (5 bytes), is left to
   * cand_slow for the few phrase heads those lengths pick (odd). */
  size_t m = 0;
  uint32_t i = 0;
#ifdef WS__SSE2_CANDS
  /* The first pass four tokens at a time: their classes (the last lane of
   * each token's first 16 bytes) in one vector; the indices of those with
   * either class, packed, in one store of i plus the offsets of the set bits
   * of q (cands has room: m <= i). */
  const __m128i vany = _mm_set1_epi32((int)(sv | ph));
  for (; i + 4 <= last; i += 4) {
    const __m128i *g = (const __m128i *)(t + i);
    __m128i r0 = _mm_loadu_si128(g), r1 = _mm_loadu_si128(g + 2), r2 = _mm_loadu_si128(g + 4),
            r3 = _mm_loadu_si128(g + 6); /* tokens i .. i + 3 */
    __m128i lex4 = _mm_unpackhi_epi64(_mm_unpackhi_epi32(r0, r1), _mm_unpackhi_epi32(r2, r3));
    __m128i none = _mm_cmpeq_epi32(_mm_and_si128(lex4, vany), _mm_setzero_si128());
    unsigned q = ~(unsigned)_mm_movemask_ps(_mm_castsi128_ps(none)) & 15u;
    _mm_storeu_si128((__m128i *)(c->cands + m),
                     _mm_add_epi32(_mm_set1_epi32((int)i),
                                   _mm_load_si128((const __m128i *)CAND_OFFSETS[q])));
    m += (UINT64_C(0x4332322132212110) >> (4 * q)) & 15; /* The bits set in q. */
  }
#endif
  for (; i < last; i++) {
    c->cands[m] = i;
    m += (t[i].lex & (sv | ph)) != 0;
  }
  for (size_t k = 0; k < m; k++) {
    i = c->cands[k];
    uint32_t lex = t[i].lex, len = t[i].end - t[i].start;
    uint32_t next = t[i + 1].lex, next_len = t[i + 1].end - t[i + 1].start;
    bool head = (lex & (ph | fw)) == ph; /* A phrase head, no function word. */
    bool quick = (lex & sv) | (head & ((next & fw) != 0));
    bool odd = ((lex & ph) != 0) & ((len == 9) | (head & (next_len == 5)));
    c->cands[n] = i;
    n += odd ? cand_slow(c, i) : quick;
  }
  if (d->ntok && cand_slow(c, last))
    c->cands[n++] = last;
  c->ncands = n;
  return true;
}

/* The index of the first candidate at or after token s (binary search,
 * with conditional moves rather than branches: which way each step goes is
 * a coin toss the branch predictor would lose half the time). */
static size_t first_cand(ctx *c, uint32_t s) {
  if (s == c->cand_s)
    return c->cand_k; /* according_to and reported_in_sentence ask in turn. */
  if (s > c->cand_s) {
    /* Sentences come in order: the answer is the last one or a few
     * candidates after it (every candidate before cand_k is before cand_s). */
    size_t k = c->cand_k;
    for (unsigned step = 0; step < 8; step++, k++)
      if (k == c->ncands || c->cands[k] >= s) {
        c->cand_s = s;
        c->cand_k = k;
        return k;
      }
  }
  const uint32_t *base = c->cands;
  size_t n = c->ncands;
  while (n > 1) {
    size_t half = n / 2;
    base += half & -(size_t)(base[half - 1] < s);
    n -= half;
  }
  c->cand_s = s;
  c->cand_k = (size_t)(base - c->cands) + (n == 1 && *base < s);
  return c->cand_k;
}

static void ctx_free(ctx *c) {
  free(c->cands);
  ws__people_free(&c->people);
  ws__vec_free(&c->drafts);
  ws__vec_free(&c->attrs);
  free(c->used);
  free(c->quote_draft);
  free(c->phrase_cue);
}

/* The sentence in which quotation q opens. */
static uint32_t quote_sent(const ctx *c, size_t q) {
  const ws__quote *x = &c->doc->quotes[q];
  int32_t t = x->open >= 0 ? x->open : (int32_t)x->first;
  return tk(c, (uint32_t)t)->sent;
}

ws_status ws__attribute(const ws_engine *engine, ws__doc *doc, ws__arena *arena, ws__vec *out) {
  ctx c = {.engine = engine, .doc = doc, .arena = arena};
  ws__vec_init(&c.drafts, sizeof(draft));
  ws__vec_init(&c.attrs, sizeof(attribution));
  c.used = calloc(doc->ntok + 1, 1);
  c.phrase_cue = calloc(doc->ntok + 1, 1);
  c.quote_draft = malloc((doc->nquotes + 1) * sizeof(int32_t));
  ws_status st = (c.used && c.quote_draft && c.phrase_cue && collect_cands(&c))
                     ? ws__people_build(&c.people, doc)
                     : WS_ERR_NOMEM;
  for (size_t q = 0; st == WS_OK && q < doc->nquotes; q++)
    c.quote_draft[q] = -1;
  for (uint32_t p = 0; st == WS_OK && p < doc->npara; p++)
    st = transcript_paragraph(&c, p);
  if (st == WS_OK)
    st = headline_source_last(&c);
  /* In document order, sentence by sentence: the quotations that open in a
   * sentence, then its reported speech, so that "he" finds the speaker who
   * spoke last in the text. */
  bool indirect = !(engine->opts.flags & WS_FLAG_NO_INDIRECT);
  bool learned_first = engine->opts.flags & WS_FLAG_ALL_ATTRIBUTIONS;
  /* With --all-attributions the quotations go first (the rules pair marks
   * and find their speakers best), then the tagger, then the rules'
   * reported speech where the tagger found nothing. */
  for (size_t k = 0; st == WS_OK && learned_first && k < doc->nquotes; k++)
    if (doc->quotes[k].depth == 0 && c.quote_draft[k] < 0)
      st = direct_quote(&c, (int32_t)k);
  if (st == WS_OK && learned_first)
    st = learned_reported(&c);
  size_t q = 0;
  for (uint32_t s = 0; st == WS_OK && s < doc->nsent; s++) {
    for (; st == WS_OK && q < doc->nquotes && quote_sent(&c, q) <= s; q++)
      if (doc->quotes[q].depth == 0 && c.quote_draft[q] < 0)
        st = direct_quote(&c, (int32_t)q);
    if (st == WS_OK && indirect)
      st = reported_in_sentence(&c, doc->sent_first[s], doc->sent_first[s + 1]);
  }
  for (; st == WS_OK && q < doc->nquotes; q++)
    if (doc->quotes[q].depth == 0 && c.quote_draft[q] < 0)
      st = direct_quote(&c, (int32_t)q);
  if (st == WS_OK && !learned_first)
    st = learned_reported(&c);
  if (st == WS_OK)
    st = emit_all(&c, out);
  ctx_free(&c);
  return st;
}
