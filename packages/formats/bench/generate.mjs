// Deterministic backlink items with the simulator's distribution (api-notes §2.3 value sets, word
// lists like packages/simulator/src/dataset/vocab.ts), written independently so the bench never
// depends on another package. Same seed → same rows.

const WORDS = (
  "seo guide best tools review backlinks marketing content strategy tips free online how why what " +
  "home garden travel food recipe health fitness news sports music movie tech software cloud data " +
  "analytics design web mobile app startup business finance money crypto bank insurance loan car " +
  "auto bike fashion style beauty kids family pets dog cat photo video game games school learn course " +
  "tutorial python java code linux server hosting domain email security privacy shop deals price " +
  "compare top list ultimate complete beginner advanced local city hotel flight weather energy solar"
).split(" ");
const SYLLABLES =
  "ka lo mi ra ne to su vi da pe zo li ba fu go hi ja ke mo nu pa ri sa te vo wa xe yo zu an el in on ur ex ar".split(
    " ",
  );
const TLDS = [
  "com",
  "net",
  "org",
  "de",
  "co.uk",
  "ru",
  "fr",
  "io",
  "info",
  "blog",
  "com.au",
  "jp",
  "br",
  "es",
];
const COUNTRIES = ["US", "GB", "DE", "FR", "CA", "AU", "IN", "NL", "WW", "ES", "IT", "BR", null];
const LANGS = ["en", "en", "en", "de", "fr", "es", "ru", "ja", "pt"];
const ENCODINGS = ["utf-8", "utf-8", "utf-8", "windows-1251", "iso-8859-1"];
const PLATFORMS = ["cms", "blogs", "ecommerce", "message-boards", "wikis", "news", "organization"];
const ITEM_TYPES = [
  "anchor",
  "anchor",
  "anchor",
  "anchor",
  "image",
  "meta",
  "canonical",
  "alternate",
  "redirect",
];
const ATTRIBUTES = ["nofollow", "noopener", "noreferrer", "external", "ugc", "sponsored"];
const LOCATIONS = ["article", "section", "summary", "main", "footer", "header", null];
const START = Date.UTC(2016, 0, 1) / 1000;
const NOW = Date.UTC(2026, 10, 1) / 1000;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad2 = (n) => (n < 10 ? `0${n}` : String(n));
function apiTime(seconds) {
  const d = new Date(seconds * 1000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +00:00`;
}

/**
 * Yields pages (arrays of `pageSize` items) until `rows` items were produced. Text is built from
 * pools prepared once (titles, snippets, domains, timestamps) and joined per row, so values stay
 * nearly unique per row (as real URLs and snippets are) while generation stays far faster than
 * the writers it feeds.
 */
export function* generatePages(rows, { seed = 42, pageSize = 1000, target = "example.com" } = {}) {
  const rnd = mulberry32(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const int = (max) => Math.floor(rnd() * max);
  const words = (n) => {
    let s = pick(WORDS);
    for (let i = 1; i < n; i++) s += ` ${pick(WORDS)}`;
    return s;
  };
  const pool = (n, make) => Array.from({ length: n }, make);
  const phrases = pool(4096, () => words(2 + int(5)));
  const slugs = pool(4096, () => words(1 + int(3)).replaceAll(" ", "-"));
  const domains = pool(
    50_000,
    () => `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}${int(100)}.${pick(TLDS)}`,
  );
  const stamps = pool(65_536, () => START + int(NOW - START)).sort((a, b) => a - b);
  const stampText = stamps.map(apiTime);
  const ips = pool(4096, () => `${1 + int(254)}.${int(256)}.${int(256)}.`);
  let produced = 0;
  while (produced < rows) {
    const n = Math.min(pageSize, rows - produced);
    const page = new Array(n);
    for (let i = 0; i < n; i++) {
      const domain = pick(domains);
      const host = rnd() < 0.5 ? `www.${domain}` : domain;
      const https = rnd() < 0.8;
      const path = `/${pick(slugs)}/${int(100000)}`;
      const itemType = pick(ITEM_TYPES);
      const first = int(stamps.length);
      const last = first + int(stamps.length - first);
      const prev = rnd() < 0.3 ? null : stampText[first + int(last - first + 1)];
      const attrs = rnd() < 0.4 ? null : ATTRIBUTES.filter(() => rnd() < 0.25);
      const indirect = rnd() < 0.05;
      page[i] = {
        type: "backlink",
        domain_from: host,
        url_from: `${https ? "https" : "http"}://${host}${path}`,
        url_from_https: https,
        domain_to: `www.${target}`,
        url_to: `https://www.${target}/${pick(WORDS)}/${int(1000)}`,
        url_to_https: true,
        tld_from: domain.slice(domain.indexOf(".") + 1),
        is_new: rnd() < 0.1,
        is_lost: rnd() < 0.05,
        backlink_spam_score: int(101),
        rank: int(1001),
        page_from_rank: int(1001),
        domain_from_rank: int(1001),
        domain_from_platform_type: rnd() < 0.2 ? null : rnd() < 0.2 ? ["unknown"] : [pick(PLATFORMS)],
        domain_from_is_ip: false,
        domain_from_ip: `${pick(ips)}${int(256)}`,
        domain_from_country: pick(COUNTRIES),
        page_from_external_links: int(500),
        page_from_internal_links: int(2000),
        page_from_size: 2000 + int(500000),
        page_from_encoding: pick(ENCODINGS),
        page_from_language: pick(LANGS),
        page_from_title: `${pick(phrases)} ${pick(phrases)}`,
        page_from_status_code: rnd() < 0.95 ? 200 : 301,
        first_seen: stampText[first],
        prev_seen: prev,
        last_seen: stampText[last],
        item_type: itemType,
        attributes: attrs,
        dofollow: rnd() < 0.7,
        original: rnd() < 0.5,
        alt: itemType === "image" ? pick(phrases) : null,
        image_url: itemType === "image" ? `https://${host}/img/${int(99999)}.png` : null,
        anchor: itemType === "anchor" ? pick(phrases) : null,
        text_pre: `${pick(phrases)} ${pick(phrases)} ${pick(phrases)}`,
        text_post: `${pick(phrases)} ${pick(phrases)} ${pick(phrases)}`,
        semantic_location: pick(LOCATIONS),
        links_count: 1 + int(5),
        group_count: 0,
        is_broken: rnd() < 0.02,
        url_to_status_code: rnd() < 0.1 ? null : 200,
        url_to_spam_score: rnd() < 0.1 ? null : int(101),
        url_to_redirect_target: null,
        ranked_keywords_info: {
          page_from_keywords_count_top_3: int(10),
          page_from_keywords_count_top_10: int(50),
          page_from_keywords_count_top_100: int(300),
        },
        is_indirect_link: indirect,
        indirect_link_path: indirect
          ? [
              {
                type: pick(["redirect", "canonical"]),
                status_code: 301,
                url: `https://${target}/${pick(WORDS)}`,
              },
            ]
          : null,
      };
    }
    produced += n;
    yield page;
  }
}
