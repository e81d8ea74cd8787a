// The random suffixes kube-apiserver and the controllers give generated names (generateName, pod names, volumes).

const NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** A random suffix in the alphabet Kubernetes uses for generated names. */
export function randomSuffix(length = 5): string {
  let out = "";
  for (let i = 0; i < length; i++) out += NAME_SUFFIX_ALPHABET[Math.floor(Math.random() * NAME_SUFFIX_ALPHABET.length)];
  return out;
}
