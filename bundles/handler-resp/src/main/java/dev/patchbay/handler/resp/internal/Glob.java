package dev.patchbay.handler.resp.internal;

/** Redis's glob-style patterns (KEYS, SCAN MATCH, CONFIG GET): *, ?, [abc], [^a-z], \x. */
final class Glob {

    private Glob() {
    }

    static boolean matches(String pattern, String s) {
        return match(pattern, 0, s, 0, false);
    }

    static boolean matchesIgnoreCase(String pattern, String s) {
        return match(pattern, 0, s, 0, true);
    }

    private static boolean match(String p, int pi, String s, int si, boolean nocase) {
        int plen = p.length();
        int slen = s.length();
        while (pi < plen) {
            char pc = p.charAt(pi);
            switch (pc) {
                case '*':
                    while (pi + 1 < plen && p.charAt(pi + 1) == '*') {
                        pi++;
                    }
                    if (pi + 1 == plen) {
                        return true;
                    }
                    for (int k = si; k <= slen; k++) {
                        if (match(p, pi + 1, s, k, nocase)) {
                            return true;
                        }
                    }
                    return false;
                case '?':
                    if (si >= slen) {
                        return false;
                    }
                    si++;
                    break;
                case '[': {
                    if (si >= slen) {
                        return false;
                    }
                    pi++;
                    boolean not = pi < plen && p.charAt(pi) == '^';
                    if (not) {
                        pi++;
                    }
                    boolean found = false;
                    char c = fold(s.charAt(si), nocase);
                    while (pi < plen && p.charAt(pi) != ']') {
                        if (p.charAt(pi) == '\\' && pi + 1 < plen) {
                            pi++;
                            if (fold(p.charAt(pi), nocase) == c) {
                                found = true;
                            }
                        } else if (pi + 2 < plen && p.charAt(pi + 1) == '-') {
                            char lo = fold(p.charAt(pi), nocase);
                            char hi = fold(p.charAt(pi + 2), nocase);
                            if (lo > hi) {
                                char t = lo;
                                lo = hi;
                                hi = t;
                            }
                            if (c >= lo && c <= hi) {
                                found = true;
                            }
                            pi += 2;
                        } else if (fold(p.charAt(pi), nocase) == c) {
                            found = true;
                        }
                        pi++;
                    }
                    if (not) {
                        found = !found;
                    }
                    if (!found) {
                        return false;
                    }
                    si++;
                    break;
                }
                case '\\':
                    if (pi + 1 < plen) {
                        pi++;
                        pc = p.charAt(pi);
                    }
                    // fall through: a literal character
                default:
                    if (si >= slen || fold(pc, nocase) != fold(s.charAt(si), nocase)) {
                        return false;
                    }
                    si++;
                    break;
            }
            pi++;
        }
        return si == slen;
    }

    private static char fold(char c, boolean nocase) {
        return nocase ? Character.toLowerCase(c) : c;
    }
}
