// The random suffixes kube-apiserver and the controllers give generated names (generateName, pod names, volumes).

const NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

// apiserver's names.SimpleNameGenerator: a generated name fits the 63 characters of a DNS label.
const MAX_GENERATED_NAME_LENGTH = 63 - 5;

/** A random suffix in the alphabet Kubernetes uses for generated names. */
export function randomSuffix(length = 5): string {
  let out = "";
  for (let i = 0; i < length; i++) out += NAME_SUFFIX_ALPHABET[Math.floor(Math.random() * NAME_SUFFIX_ALPHABET.length)];
  return out;
}

/** The name kube-apiserver gives an object with only a generateName: the prefix cut to 58 characters, then 5 random ones. */
export function generatedName(generateName: string): string {
  return `${generateName.slice(0, MAX_GENERATED_NAME_LENGTH)}${randomSuffix()}`;
}

/** Whether `name` is one generatedName could have made from `generateName` (the prefix as cut, 5 characters of the alphabet). */
export function isGeneratedFrom(name: string, generateName: string): boolean {
  const prefix = generateName.slice(0, MAX_GENERATED_NAME_LENGTH);
  return name.length === prefix.length + 5 && name.startsWith(prefix) && [...name.slice(-5)].every((c) => NAME_SUFFIX_ALPHABET.includes(c));
}
