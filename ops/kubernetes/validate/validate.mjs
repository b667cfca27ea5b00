// Validates every manifest of ops/kubernetes/ offline against the Kubernetes API schemas
// (the JSON schemas bundled in the npm package kubernetes-models), and checks that the broken
// manifests under invalid/ are rejected, so that a validator accepting anything cannot pass.
// Run by Maven (ops/kubernetes/pom.xml) in the test phase: npm ci, then node validate.mjs.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const here = dirname(fileURLToPath(import.meta.url));
const manifests = join(here, "..");
const invalid = join(here, "invalid");

async function validate(doc) {
  if (!doc || typeof doc !== "object") throw new Error("not an object");
  const { apiVersion, kind } = doc;
  if (typeof apiVersion !== "string" || typeof kind !== "string") throw new Error("apiVersion and kind are required");
  let mod;
  try {
    mod = await import(`kubernetes-models/${apiVersion}/${kind}`);
  } catch (e) {
    throw new Error(`unknown apiVersion/kind ${apiVersion}/${kind}`);
  }
  const Model = mod[kind] ?? mod.default;
  new Model(doc).validate();
  if (!doc.metadata?.name) throw new Error("metadata.name is required");
}

function documents(file) {
  return yaml.loadAll(readFileSync(file, "utf8")).filter((d) => d != null);
}

function yamlFiles(dir) {
  return readdirSync(dir).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort().map((f) => join(dir, f));
}

let failures = 0;
let checked = 0;
for (const file of yamlFiles(manifests)) {
  for (const doc of documents(file)) {
    checked++;
    try {
      await validate(doc);
      console.log(`valid    ${file}: ${doc.kind} ${doc.metadata.name}`);
    } catch (e) {
      failures++;
      console.error(`INVALID  ${file}: ${doc?.kind} ${doc?.metadata?.name}: ${e.message}`);
    }
  }
}
if (checked < 6) {
  failures++;
  console.error(`expected at least 6 manifests in ${manifests}, found ${checked}`);
}
for (const file of yamlFiles(invalid)) {
  for (const doc of documents(file)) {
    try {
      await validate(doc);
      failures++;
      console.error(`ACCEPTED ${file}: ${doc.kind} ${doc.metadata?.name} is broken and must be rejected`);
    } catch (e) {
      console.log(`rejected ${file} as it must be: ${e.message}`);
    }
  }
}
if (failures > 0) {
  console.error(`${failures} problem(s)`);
  process.exit(1);
}
console.log(`${checked} manifest(s) valid; the broken examples rejected`);
