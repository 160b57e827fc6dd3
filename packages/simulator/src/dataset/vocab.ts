/**
 * Word lists and value catalogues the synthetic dataset draws from. Values follow what api-notes
 * §2.3 lists or observed (item types, platform types, attributes, semantic locations).
 */
import { cumulate } from "./hash.js";

/** Generic words for titles, anchors, paths and snippets. */
export const WORDS = Object.freeze(
  (
    "seo guide best tools review backlinks marketing content strategy tips free online how why what " +
    "home garden travel food recipe health fitness news sports music movie tech software cloud data " +
    "analytics design web mobile app startup business finance money crypto bank insurance loan car " +
    "auto bike fashion style beauty kids family pets dog cat photo video game games school learn course " +
    "tutorial python java code linux server hosting domain email security privacy shop deals price " +
    "compare top list ultimate complete beginner advanced local city hotel flight weather energy solar"
  ).split(" "),
);

/** Syllables for referring domain names. */
export const SYLLABLES = Object.freeze(
  "ka lo mi ra ne to su vi da pe zo li ba fu go hi ja ke mo nu pa ri sa te vo wa xe yo zu an el in on ur ex ar".split(
    " ",
  ),
);

/** Anchors every target has, before the generated ones (`{t}` = target, `{b}` = brand). */
export const FIXED_ANCHORS = Object.freeze([
  "{b}",
  "{t}",
  "www.{t}",
  "https://www.{t}/",
  "click here",
  "here",
  "read more",
  "website",
  "this article",
  "source",
  "{b} blog",
  "visit {b}",
]);

/** Top-level domains of referring domains, with weights; ccTLDs imply a country. */
export const TLDS = Object.freeze([
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
  "co.zw",
  "jp",
  "br",
  "es",
  "it",
  "nl",
  "pl",
  "in",
  "ca",
]);
export const TLD_CUMULATIVE = cumulate([40, 9, 8, 6, 5, 4, 3, 3, 2, 1, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2]);
/** Country implied by a ccTLD (index-aligned with TLDS), or null for generic TLDs. */
export const TLD_COUNTRY: readonly (string | null)[] = Object.freeze([
  null,
  null,
  null,
  "DE",
  "GB",
  "RU",
  "FR",
  null,
  null,
  null,
  "AU",
  "ZW",
  "JP",
  "BR",
  "ES",
  "IT",
  "NL",
  "PL",
  "IN",
  "CA",
]);

/** Countries for generic-TLD domains (`WW` and null were observed, api-notes §2.3). */
export const COUNTRIES = Object.freeze([
  "US",
  "GB",
  "DE",
  "FR",
  "CA",
  "AU",
  "IN",
  "NL",
  "WW",
  "ES",
  "IT",
  "BR",
]);
export const COUNTRY_CUMULATIVE = cumulate([40, 8, 8, 5, 4, 3, 5, 3, 6, 3, 3, 3]);

/** Page language by country (ISO 639-1); null country → English. */
export const COUNTRY_LANGUAGE: Readonly<Record<string, string>> = Object.freeze({
  US: "en",
  GB: "en",
  AU: "en",
  CA: "en",
  IN: "en",
  WW: "en",
  ZW: "en",
  DE: "de",
  FR: "fr",
  RU: "ru",
  JP: "ja",
  BR: "pt",
  ES: "es",
  IT: "it",
  NL: "nl",
  PL: "pl",
});

/** Page encodings, index 0 the common one. */
export const ENCODINGS = Object.freeze(["utf-8", "windows-1251", "iso-8859-1", "shift_jis", "windows-1252"]);

/** Platform types (api-notes §2.3), one bit each in a domain's platform mask. */
export const PLATFORM_TYPES = Object.freeze([
  "cms",
  "blogs",
  "ecommerce",
  "message-boards",
  "wikis",
  "news",
  "organization",
]);

/** Item types with weights: anchors dominate; the rest make `item_type` filters and custom_mode matter. */
export const ITEM_TYPES = Object.freeze([
  "anchor",
  "image",
  "redirect",
  "canonical",
  "meta",
  "alternate",
  "link",
]);
export const ITEM_TYPE_CUMULATIVE = cumulate([78, 9, 3, 3, 3, 2, 2]);
/** Index of an item type in ITEM_TYPES. */
export const ITEM = Object.freeze({
  anchor: 0,
  image: 1,
  redirect: 2,
  canonical: 3,
  meta: 4,
  alternate: 5,
  link: 6,
});

/** Link attributes, one bit each in a row's attribute mask. */
export const ATTRIBUTES = Object.freeze([
  "nofollow",
  "ugc",
  "sponsored",
  "noopener",
  "noreferrer",
  "external",
]);
/** Mask of the attributes that make a link not dofollow ([INF] nofollow, ugc, sponsored). */
export const NOT_DOFOLLOW_MASK = 0b111;

/** Semantic locations (null for non-content item types). */
export const SEMANTIC_LOCATIONS = Object.freeze([
  "article",
  "main",
  "section",
  "summary",
  "header",
  "footer",
  "aside",
  "nav",
]);
export const SEMANTIC_CUMULATIVE = cumulate([40, 15, 12, 4, 6, 12, 6, 5]);

/** Hosts of a target that backlinks point to (`""` = the target itself), with weights. */
export const TARGET_HOSTS = Object.freeze(["www.", "", "blog.", "shop.", "docs.", "m."]);
export const TARGET_HOST_CUMULATIVE = cumulate([55, 20, 12, 6, 4, 3]);
/** Host indexes that are the target itself for `include_subdomains: false` ([INF] `www.` counts as the target). */
export const TARGET_SELF_HOSTS = 2;

/** Subdomains of the target's own domain that link to it (internal backlinks). */
export const INTERNAL_SUBDOMAINS = Object.freeze([
  "forum",
  "help",
  "news",
  "community",
  "support",
  "status",
  "careers",
  "dev",
]);

/** Sections of referring URLs. */
export const PATH_SECTIONS = Object.freeze([
  "blog",
  "news",
  "article",
  "post",
  "wiki",
  "forum/topic",
  "p",
  "review",
]);

/** Pages of the target that backlinks point to (index 0 = home page, the most linked). */
export const TARGET_PATHS = Object.freeze([
  "/",
  "/pricing",
  "/about",
  "/contact",
  "/features",
  "/docs",
  "/blog",
]);
