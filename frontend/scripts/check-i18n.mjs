#!/usr/bin/env node
// Fails when src/i18n/{en,zh-hant,zh-hans}.ts do not have exactly the same keys,
// or when a translation uses different {placeholders} than the English text.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, "..", "src", "i18n");
const LANGS = ["en", "zh-hant", "zh-hans"];

// A .ts module as a data: URL. Type-only imports vanish when transpiled; relative imports (the
// message modules each screen spreads into the dictionaries) become data: URLs themselves.
function moduleUrl(file) {
  let { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020 },
  });
  outputText = outputText.replace(/(from\s*|import\s*)(["'])(\.{1,2}\/[^"']+)\2/g, (_match, lead, quote, spec) => {
    const base = resolve(dirname(file), spec);
    const target = [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")].find((f) => existsSync(f) && f.match(/\.tsx?$/));
    if (!target) throw new Error(`${file}: cannot resolve ${spec}`);
    return `${lead}${quote}${moduleUrl(target)}${quote}`;
  });
  return `data:text/javascript;base64,${Buffer.from(outputText).toString("base64")}`;
}

async function loadDictionary(lang) {
  const mod = await import(moduleUrl(join(dir, `${lang}.ts`)));
  if (!mod.default || typeof mod.default !== "object") throw new Error(`${lang}.ts has no default export object`);
  return mod.default;
}

const placeholders = (text) => [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(",");

const dictionaries = Object.fromEntries(await Promise.all(LANGS.map(async (l) => [l, await loadDictionary(l)])));
const reference = new Set(Object.keys(dictionaries.en));
const problems = [];

for (const lang of LANGS) {
  const keys = new Set(Object.keys(dictionaries[lang]));
  for (const key of reference) if (!keys.has(key)) problems.push(`${lang}: missing key "${key}"`);
  for (const key of keys) if (!reference.has(key)) problems.push(`${lang}: extra key "${key}"`);
  for (const [key, value] of Object.entries(dictionaries[lang])) {
    if (typeof value !== "string" || value.trim() === "") problems.push(`${lang}: empty or non-string value for "${key}"`);
    else if (reference.has(key) && placeholders(value) !== placeholders(dictionaries.en[key])) {
      problems.push(`${lang}: placeholders of "${key}" differ from en ({${placeholders(dictionaries.en[key])}})`);
    }
  }
}

if (problems.length) {
  console.error(`i18n check failed (${problems.length} problem(s)):`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(`i18n check passed: ${reference.size} keys in ${LANGS.join(", ")}`);
