/**
 * Personal and corporate names in the forms the styles need: display order
 * ("Dwight D. Eisenhower"), inverted ("Eisenhower, Dwight D."), surname
 * only ("Eisenhower") and APA's initials ("Eisenhower, D. D.").
 */

export interface CitationName {
  /** The name in display order, as the header writes it. */
  display: string;
  /** Surname, when known; absent for organisations and names that cannot be split safely. */
  family?: string;
  /** Given names (with initials and patronymic initials) in display order, when `family` is known. */
  given?: string;
  /**
   * A lowercase name particle between the given names and the surname
   * ("von" in "August von Gonzenbach"): kept with the given names when the
   * name is inverted ("Gonzenbach, August von", CMOS 8.5) and dropped from
   * the surname alone ("Gonzenbach"); CSL's `dropping-particle`.
   */
  particle?: string;
  /**
   * The particle belongs to the surname ("van Gogh"): the register writes it
   * inside `<surname>`. The surname alone keeps it ("van Gogh to Gauguin",
   * "(van Gogh, 1888)"), as CMOS 8.5 writes such names; the inverted form
   * still files it after the given names ("Gogh, Vincent van"), as CSL's
   * `non-dropping-particle` with Chicago's demoting does. A particle outside
   * the surname ("Ludwig van Beethoven", a `nameLink`) drops ("Beethoven").
   */
  keptParticle?: boolean;
  /** An organisation: never inverted or abbreviated. */
  organization?: boolean;
}

/**
 * Suffixes and Arabic name elements that make "split at the last space"
 * wrong ("Martin Luther King Jr."): such names stay whole. Lowercase
 * particles ("Ludwig van Beethoven") are split out as `particle`.
 */
const UNSAFE_TOKENS = /^(?:bin|ibn|al|el|st\.?|jr\.?|sr\.?|i{1,3}|iv|v|vi{0,3}|esq\.?)$/i;

/** Lowercase particles that stand between given names and surname ("von", "van der", "de la"). */
const PARTICLE = /^(?:van|von|vom|zu|zum|zur|de|del|della|der|den|des|di|da|du|la|le|ter|ten|d')$/;

/**
 * Moves lowercase particles from the end of the given names (or the start
 * of the surname) into `particle`: "August von" + "Gonzenbach", or
 * "August" + "von Gonzenbach", both give August / von / Gonzenbach.
 */
function withParticle(n: CitationName): CitationName {
  if (!n.family) return n;
  const given = (n.given ?? '').split(' ').filter(Boolean);
  const family = n.family.split(' ').filter(Boolean);
  const particles: string[] = [];
  while (family.length > 1 && PARTICLE.test(family[0] as string)) particles.push(family.shift() as string);
  const trailing: string[] = [];
  while (given.length > 1 && PARTICLE.test(given[given.length - 1] as string)) trailing.unshift(given.pop() as string);
  const particle = [...trailing, ...particles].join(' ');
  if (!particle) return n;
  return { display: n.display, family: family.join(' '), ...(given.length ? { given: given.join(' ') } : {}), particle };
}

/**
 * A name whose parts the header does not mark up (e.g. `<editor>Edward C.
 * Keefer</editor>`): split at the last space when that is unambiguous
 * (two or more tokens, the last a capitalised word, no particles or
 * suffixes); otherwise kept whole, so it is never mangled.
 */
export function nameFromDisplay(display: string): CitationName {
  const d = display.replace(/\s+/g, ' ').trim();
  // Written inverted, as registers and indexes write names ("Weber, Carl Maria von"): one comma, a capitalised surname
  // before it, given names (and particles) after it, no suffix ("King, Martin Luther, Jr." has two commas).
  const inverted = /^(\p{Lu}[\p{L}'’ -]*), ([^,]+)$/u.exec(d);
  // Only a name's shape: a surname of one or two capitalised words, given names capitalised but for particles ("Office
  // of the Historian, Bureau of Public Affairs" is no person's name, and stays whole).
  const capitalised = (t: string): boolean => /^\p{Lu}/u.test(t);
  const familyTokens = inverted?.[1]!.split(' ') ?? [];
  const givenTokens = inverted?.[2]!.split(' ') ?? [];
  if (
    inverted &&
    familyTokens.length <= 2 &&
    familyTokens.every(capitalised) &&
    givenTokens.length <= 5 &&
    givenTokens.every((t) => capitalised(t) || PARTICLE.test(t)) &&
    capitalised(givenTokens[0] ?? '') &&
    !givenTokens.some((t) => UNSAFE_TOKENS.test(t))
  ) {
    const [family, rest] = [inverted[1] as string, inverted[2] as string];
    const n = withParticle({ display: d, family, given: rest });
    return { ...n, display: [n.given, n.particle, n.family].filter(Boolean).join(' ') };
  }
  const tokens = d.split(' ');
  const last = tokens[tokens.length - 1] ?? '';
  const first = tokens[0] ?? '';
  if (
    tokens.length < 2 ||
    tokens.some((t) => UNSAFE_TOKENS.test(t.replace(/,$/, ''))) ||
    d.includes(',') ||
    !/^\p{Lu}[\p{L}'’-]+$/u.test(last) ||
    PARTICLE.test(first) ||
    // A capitalised particle ("Van Buren") may belong to the surname: keep whole.
    tokens.slice(1, -1).some((t) => PARTICLE.test(t.toLowerCase()) && !PARTICLE.test(t))
  ) {
    return { display: d };
  }
  return withParticle({ display: d, family: last, given: tokens.slice(0, -1).join(' ') });
}

/**
 * A correspondent: the display form as written in correspAction, the
 * surname from the register. The given names are the display form minus
 * the surname when it ends with it ("Nikolai A. Bulganin" → "Nikolai A."),
 * so the inverted and display forms agree. A display form that is not the
 * register's name ("Ada", "Luke", "the President", "Weber, Carl Maria")
 * gives way to the register's forenames and surname: Chicago's full note,
 * its short note and its bibliography (and "Letter to …" beside an author
 * from the register) then name the same person the same way.
 */
export function correspondentName(display: string | undefined, surname: string | undefined, forenames: string[] | undefined): CitationName | undefined {
  const d = display?.replace(/\s+/g, ' ').trim() || [...(forenames ?? []), surname ?? ''].join(' ').trim();
  if (!d) return undefined;
  if (!surname) return nameFromDisplay(d);
  // A particle the register writes inside the surname belongs to it (keptParticle).
  const kept = (n: CitationName): CitationName => (n.particle && PARTICLE.test(surname.trim().split(/\s+/)[0] ?? '') ? { ...n, keptParticle: true } : n);
  if (d.endsWith(` ${surname}`)) return kept(withParticle({ display: d, family: surname, given: d.slice(0, -surname.length - 1) }));
  if (d === surname) return kept(withParticle({ display: d, family: surname }));
  const given = (forenames ?? []).join(' ').trim();
  return kept(withParticle(given ? { display: `${given} ${surname}`, family: surname, given } : { display: surname, family: surname }));
}

export function organizationName(display: string): CitationName {
  return { display: display.replace(/\s+/g, ' ').trim(), organization: true };
}

/** "Eisenhower, Dwight D." (or the display form when it cannot be inverted). */
export function inverted(n: CitationName): string {
  if (!n.family) return n.display;
  const given = [n.given, n.particle].filter(Boolean).join(' ');
  return given ? `${n.family}, ${given}` : n.family;
}

/** "Eisenhower", "van Gogh" (a particle of the surname kept: keptParticle), or the display form. */
export function surnameOf(n: CitationName): string {
  if (!n.family) return n.display;
  return n.keptParticle && n.particle ? `${n.particle} ${n.family}` : n.family;
}

/**
 * A name as a reference manager that splits names at a comma (Zotero's
 * cleanAuthor: "Last, First"; without a comma, at the last space) is to
 * read it: "Eisenhower, Dwight D.", "van Gogh, Vincent" (a particle of the
 * surname stays in the last name, where citeproc finds it), "Beethoven,
 * Ludwig van"; a name whose parts are not known (an organisation, "Martin
 * Luther King Jr.") with a comma after it, so that it is kept whole as the
 * last name ("Royal Society of London" was split into "Royal Society of" and
 * "London"). Zotero strips the comma.
 */
export function lastFirst(n: CitationName): string {
  return n.family ? keptInverted(n) : `${n.display},`;
}

/**
 * Inverted with a particle of the surname (keptParticle) in front of it: "van
 * Gogh, Vincent", as MLA's and APA's CSL styles (demote-non-dropping-particle
 * "never") and Zotero write it; any other name as inverted() gives it.
 */
export function keptInverted(n: CitationName): string {
  if (!(n.family && n.keptParticle && n.particle)) return inverted(n);
  return n.given ? `${surnameOf(n)}, ${n.given}` : surnameOf(n);
}

/** "D. D." from "Dwight D."; "J.-P." from "Jean-Paul". */
export function initials(given: string): string {
  return given
    .split(/\s+/)
    .filter(Boolean)
    .map((word) =>
      word
        .split('-')
        .map((part) => {
          const first = part.match(/\p{L}/u)?.[0];
          return first ? `${first.toUpperCase()}.` : '';
        })
        .filter(Boolean)
        .join('-'),
    )
    .filter(Boolean)
    .join(' ');
}

/** APA: "Eisenhower, D. D." */
export function apaInverted(n: CitationName): string {
  if (!n.family) return n.display;
  if (n.keptParticle && n.particle) return n.given ? `${surnameOf(n)}, ${initials(n.given)}` : surnameOf(n);
  const given = [n.given ? initials(n.given) : '', n.particle ?? ''].filter(Boolean).join(' ');
  return given ? `${n.family}, ${given}` : n.family;
}

/** APA, editors in a reference: "E. C. Keefer", "A. von Gonzenbach". */
export function apaDirect(n: CitationName): string {
  if (!n.family) return n.display;
  return [n.given ? initials(n.given) : '', n.particle ?? '', n.family].filter(Boolean).join(' ');
}

/** "A", "A and B", "A, B, and C" (serial comma, as CMOS, MLA and APA all use it). */
export function joinNames(names: string[], conjunction = 'and'): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length === 2) return `${names[0]} ${conjunction} ${names[1]}`;
  return `${names.slice(0, -1).join(', ')}, ${conjunction} ${names[names.length - 1]}`;
}

/** "Letter to Nikolai A. Bulganin" (display names), or undefined without a recipient. */
export function letterTo(recipients: CitationName[]): string | undefined {
  return recipients.length ? `Letter to ${joinNames(recipients.map((n) => n.display))}` : undefined;
}
