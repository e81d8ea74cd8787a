// The volume sources ValidateVolumes checks beyond the in-tree plugins, found against kube-apiserver v1.34.4: the
// file-writing ones (secret, configMap, downwardAPI, projected: file modes, key-to-path items, the downward API's field
// and resource selectors), csi and an ephemeral claim template; with their odd corners (a downwardAPI item's errors
// under `downwardAPI`, not its index; a projected token's `path` under `projected`; a csi secret's name under
// `csi.name`). Behind a feature gate that is off by default, image volumes and a projected clusterTrustBundle or
// podCertificate are dropped before validation. Used by volume-validation-cases.ts.
type Obj = Record<string, unknown>;
/** A cause as the Status lists it: [reason, field under the volume (or "" for the volume itself), message]. */
export type Cause = [string, string, string];

export const REQUIRED = "FieldValueRequired";
export const INVALID = "FieldValueInvalid";
export const FORBIDDEN = "FieldValueForbidden";
export const UNSUPPORTED = "FieldValueNotSupported";
export const DUPLICATE = "FieldValueDuplicate";
export const NOT_FOUND = "FieldValueNotFound";
export const TOO_LONG = "FieldValueTooLong";
const MODE = "must be a number between 0 and 0777 (octal), both inclusive";
/** IsDNS1123Subdomain's regex and message, as the real server prints them. */
export const SUBDOMAIN_RE = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
export const SUBDOMAIN = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${SUBDOMAIN_RE}')`;
export const QUALIFIED = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
/** IsDNS1123Label's message, as the real server prints it. */
export const DNS_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
/** IsValidLabelValue's message, as the real server prints it. */
export const LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
/** IsQualifiedName's message for a key with more than one `/`. */
export const QUALIFIED_SLASHES = "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const BYTES = "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource";
const LONG_DRIVER = `D_${"x".repeat(62)}`;
const DOWNWARD = '"metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"';
const RESOURCES = '"limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"';
const CLAIM = "ephemeral.volumeClaimTemplate";
const item = (path: string, ref: Obj) => ({ path, ...ref });
const field = (fieldPath: string, apiVersion?: string) => ({ fieldRef: { fieldPath, ...(apiVersion ? { apiVersion } : {}) } });
const resource = (ref: Obj) => ({ resourceFieldRef: ref });

const CLAIM_SPEC = { accessModes: ["ReadWriteOncePod"], resources: { requests: { storage: "1Gi" } }, storageClassName: "fast", volumeMode: "Block" };

/** Bad volumes, each with the causes real gives for it, in its order. */
export const SOURCE_BAD: [Obj, Cause[]][] = [
  [
    { secret: { secretName: "", defaultMode: 512, items: [{ key: "", path: "/a/../b", mode: -1 }, { key: "k", path: "..x" }, { key: "k", path: "" }] } },
    [
      [REQUIRED, "secret.secretName", "Required value"],
      [INVALID, "secret.defaultMode", `Invalid value: 512: ${MODE}`],
      [REQUIRED, "secret.items[0].key", "Required value"],
      [INVALID, "secret.items[0].path", 'Invalid value: "/a/../b": must be a relative path'],
      [INVALID, "secret.items[0].path", `Invalid value: "/a/../b": must not contain '..'`],
      [INVALID, "secret.items[0].mode", `Invalid value: -1: ${MODE}`],
      [INVALID, "secret.items[1].path", `Invalid value: "..x": must not start with '..'`],
      [REQUIRED, "secret.items[2].path", "Required value"],
    ],
  ],
  [
    { configMap: { name: "", defaultMode: -1, items: [{ key: "k", path: "../up" }] } },
    [[REQUIRED, "configMap.name", "Required value"], [INVALID, "configMap.defaultMode", `Invalid value: -1: ${MODE}`], [INVALID, "configMap.items[0].path", `Invalid value: "../up": must not contain '..'`]],
  ],
  [
    {
      downwardAPI: {
        defaultMode: 1000,
        items: [
          item("", field("spec.nodeName")),
          item("a", { ...field("metadata.labels['x']"), ...resource({ containerName: "c", resource: "limits.cpu" }) }),
          item("b", {}),
          item("c", resource({ resource: "limits.cpu" })),
          item("d", resource({ containerName: "c", resource: "limits.gpu" })),
          item("e", resource({ containerName: "c", resource: "limits.cpu", divisor: "2" })),
          item("f", field("metadata.name", "v2")),
          item("g", field("metadata.labels['bad key!']")),
          item("h", field("metadata.name['x']")),
          item("i", { mode: 512, ...field("metadata.uid") }),
          item("j", resource({ containerName: "c", resource: "requests.memory", divisor: "3Mi" })),
          item("k", resource({ containerName: "c" })),
        ],
      },
    },
    [
      [INVALID, "downwardAPI.defaultMode", `Invalid value: 1000: ${MODE}`],
      [REQUIRED, "downwardAPI.path", "Required value"],
      [UNSUPPORTED, "downwardAPI.fieldRef.fieldPath", `Unsupported value: "spec.nodeName": supported values: ${DOWNWARD}`],
      [INVALID, "downwardAPI", 'Invalid value: "resource": fieldRef and resourceFieldRef can not be specified simultaneously'],
      [REQUIRED, "downwardAPI", "Required value: one of fieldRef and resourceFieldRef is required"],
      [REQUIRED, "downwardAPI.resourceFieldRef.containerName", "Required value"],
      [UNSUPPORTED, "downwardAPI.resourceFieldRef.resource", `Unsupported value: "limits.gpu": supported values: ${RESOURCES}`],
      [INVALID, "downwardAPI.resourceFieldRef.divisor", `Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource`],
      [INVALID, "downwardAPI.fieldRef.fieldPath", 'Invalid value: "metadata.name": error converting fieldPath: unsupported pod version: v2'],
      [INVALID, "downwardAPI.fieldRef", `Invalid value: "bad key!": ${QUALIFIED}`],
      [INVALID, "downwardAPI.fieldRef.fieldPath", `Invalid value: "metadata.name['x']": error converting fieldPath: field label does not support subscript: metadata.name['x']`],
      [INVALID, "downwardAPI.mode", `Invalid value: 512: ${MODE}`],
      [INVALID, "downwardAPI.resourceFieldRef.divisor", `Invalid value: "requests.memory": ${BYTES}`],
      [REQUIRED, "downwardAPI.resourceFieldRef.resource", "Required value"],
    ],
  ],
  [
    {
      projected: {
        defaultMode: -1,
        sources: [
          { secret: { name: "", items: [{ key: "k", path: "p" }] } },
          { configMap: { name: "cm", items: [{ key: "k", path: "p" }] } },
          { downwardAPI: { items: [item("p", field("metadata.name")), item("/q", {})] } },
          { serviceAccountToken: { path: "", expirationSeconds: 60 } },
          { serviceAccountToken: { path: "/t", expirationSeconds: 4294967297 } },
          { secret: { name: "s" }, configMap: { name: "c" } },
        ],
      },
    },
    [
      [INVALID, "projected.defaultMode", `Invalid value: -1: ${MODE}`],
      [REQUIRED, "projected.sources[0].secret.name", "Required value"],
      [INVALID, "projected", 'Invalid value: "cm": conflicting duplicate paths'],
      [INVALID, "projected", 'Invalid value: "p": conflicting duplicate paths'],
      [INVALID, "projected.sources[2].downwardAPI.path", 'Invalid value: "/q": must be a relative path'],
      [REQUIRED, "projected.sources[2].downwardAPI", "Required value: one of fieldRef and resourceFieldRef is required"],
      [INVALID, "projected.sources[3].serviceAccountToken.expirationSeconds", "Invalid value: 60: may not specify a duration less than 10 minutes"],
      [REQUIRED, "projected.path", "Required value"],
      [INVALID, "projected.sources[4].serviceAccountToken.expirationSeconds", "Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds"],
      [INVALID, "projected.path", 'Invalid value: "/t": must be a relative path'],
      [FORBIDDEN, "projected.sources[5]", "Forbidden: may not specify more than 1 volume type per source"],
    ],
  ],
  [{ csi: { driver: "" } }, [[REQUIRED, "csi.driver", "Required value"], [INVALID, "csi.driver", `Invalid value: "": ${SUBDOMAIN}`]]],
  [
    { csi: { driver: LONG_DRIVER, nodePublishSecretRef: { name: "Bad" } } },
    [["FieldValueTooLong", "csi.driver", "Too long: may not be more than 63 bytes"], [INVALID, "csi.driver", `Invalid value: "${LONG_DRIVER}": ${SUBDOMAIN}`], [INVALID, "csi.name", `Invalid value: "Bad": ${SUBDOMAIN}`]],
  ],
  [{ csi: { driver: "d", nodePublishSecretRef: {} } }, [[REQUIRED, "csi.nodePublishSecretRef.name", "Required value"]]],
  [{ ephemeral: {} }, [[REQUIRED, CLAIM, "Required value"]]],
  [{ ephemeral: { volumeClaimTemplate: { spec: {} } } }, [[REQUIRED, `${CLAIM}.spec.accessModes`, "Required value: at least 1 access mode is required"], [REQUIRED, `${CLAIM}.spec.resources[storage]`, "Required value"]]],
  [
    {
      ephemeral: {
        volumeClaimTemplate: {
          metadata: { name: "x", namespace: "y", finalizers: ["f"] },
          spec: { accessModes: ["Bad", "ReadWriteOncePod", "ReadWriteOnce"], resources: { requests: { storage: "0" } }, storageClassName: "Bad_Class", volumeMode: "Odd" },
        },
      },
    },
    [
      [FORBIDDEN, `${CLAIM}.metadata.name`, "Forbidden: cannot be set"],
      [FORBIDDEN, `${CLAIM}.metadata.namespace`, "Forbidden: cannot be set"],
      [FORBIDDEN, `${CLAIM}.metadata.finalizers`, "Forbidden: cannot be set"],
      [UNSUPPORTED, `${CLAIM}.spec.accessModes`, 'Unsupported value: "Bad": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'],
      [FORBIDDEN, `${CLAIM}.spec.accessModes`, "Forbidden: may not use ReadWriteOncePod with other access modes"],
      [INVALID, `${CLAIM}.spec.resources[storage]`, 'Invalid value: "0": must be greater than zero'],
      [INVALID, `${CLAIM}.spec.storageClassName`, `Invalid value: "Bad_Class": ${SUBDOMAIN}`],
      [UNSUPPORTED, `${CLAIM}.spec.volumeMode`, 'Unsupported value: "Odd": supported values: "Block", "Filesystem"'],
    ],
  ],
  [
    {
      ephemeral: {
        volumeClaimTemplate: {
          metadata: { annotations: { "a/b/c": "x" }, labels: { k: "-bad" } },
          spec: {
            ...CLAIM_SPEC,
            selector: { matchLabels: { "bad key": "v" }, matchExpressions: [{ key: "k", operator: "In" }, { key: "k", operator: "Exists", values: ["v"] }, { key: "Bad_/x", operator: "Near", values: ["-bad"] }] },
            dataSource: { kind: "Snap", name: "" },
            dataSourceRef: { apiGroup: "Bad_Group", kind: "", name: "n" },
            volumeAttributesClassName: "Bad_Class",
          },
        },
      },
    },
    [
      [INVALID, `${CLAIM}.metadata.annotations`, `Invalid value: "a/b/c": ${QUALIFIED_SLASHES}`],
      [INVALID, `${CLAIM}.metadata.labels`, `Invalid value: "-bad": ${LABEL_VALUE}`],
      [INVALID, `${CLAIM}.spec.selector.matchLabels`, `Invalid value: "bad key": ${QUALIFIED}`],
      [REQUIRED, `${CLAIM}.spec.selector.matchExpressions[0].values`, "Required value: must be specified when `operator` is 'In' or 'NotIn'"],
      [FORBIDDEN, `${CLAIM}.spec.selector.matchExpressions[1].values`, "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
      [INVALID, `${CLAIM}.spec.selector.matchExpressions[2].operator`, 'Invalid value: "Near": not a valid selector operator'],
      [INVALID, `${CLAIM}.spec.selector.matchExpressions[2].key`, `Invalid value: "Bad_/x": prefix part ${SUBDOMAIN}`],
      [INVALID, `${CLAIM}.spec.selector.matchExpressions[2].values[0]`, `Invalid value: "-bad": ${LABEL_VALUE}`],
      [REQUIRED, `${CLAIM}.spec.dataSource.name`, "Required value"],
      [INVALID, `${CLAIM}.spec.dataSource`, `Invalid value: "Snap": must be 'PersistentVolumeClaim' when referencing the default apiGroup`],
      [REQUIRED, `${CLAIM}.spec.dataSourceRef.kind`, "Required value"],
      [INVALID, `${CLAIM}.spec.dataSourceRef.apiGroup`, `Invalid value: "Bad_Group": ${SUBDOMAIN}`],
      [INVALID, `${CLAIM}.spec`, 'Invalid value: {}: must match dataSourceRef'],
      [INVALID, `${CLAIM}.spec.volumeAttributesClassName`, `Invalid value: "Bad_Class": ${SUBDOMAIN}`],
    ],
  ],
  [
    { ephemeral: { volumeClaimTemplate: { spec: { ...CLAIM_SPEC, dataSource: { kind: "PersistentVolumeClaim", name: "a" }, dataSourceRef: { kind: "PersistentVolumeClaim", name: "b", namespace: "Bad_NS" } } } } },
    [
      [INVALID, `${CLAIM}.spec.dataSourceRef.namespace`, `Invalid value: "Bad_NS": ${DNS_LABEL}`],
      // The path printed as the bad value is a Go struct with no exported field: `{}`.
      [INVALID, `${CLAIM}.spec`, "Invalid value: {}: may not be specified when dataSourceRef.namespace is specified"],
    ],
  ],
];

/** A Pod (not a template) may not name, as a claim, the one its ephemeral volume makes (`<pod>-<volume>`). */
export const podOnlyBad = (pod: string): [Obj, Cause[]][] => [
  [{ name: "eph", ephemeral: { volumeClaimTemplate: { spec: CLAIM_SPEC } } }, []],
  [{ persistentVolumeClaim: { claimName: `${pod}-eph` } }, [[INVALID, "persistentVolumeClaim.claimName", `Invalid value: "${pod}-eph": must not reference a PVC that gets created for an ephemeral volume`]]],
];

/** Edge cases each source must take. */
export const SOURCE_GOOD: Obj[] = [
  { secret: { secretName: "s", defaultMode: 511, items: [{ key: "k", path: "a/..b", mode: 0 }] } },
  { configMap: { name: "c", defaultMode: 0, items: [{ key: "k", path: "x..y" }] } },
  {
    downwardAPI: {
      items: [
        item("l", field("metadata.annotations['Example.COM/Key']")),
        item("m", resource({ containerName: "c", resource: "requests.hugepages-2Mi", divisor: "1Mi" })),
        item("n", resource({ containerName: "c", resource: "limits.cpu", divisor: "1m" })),
      ],
    },
  },
  { csi: { driver: "Csi.Example.COM", nodePublishSecretRef: { name: "s" } } },
  { ephemeral: { volumeClaimTemplate: { metadata: { labels: { a: "b" } }, spec: CLAIM_SPEC } } },
];

/** Sources behind gates that are off: taken, and dropped before validation (a projection left `{}`, an image volume and its mounts gone). */
export const GATED: Obj[] = [
  { projected: { sources: [{ serviceAccountToken: { path: "token", expirationSeconds: 600 } }, { clusterTrustBundle: { path: "../x" } }, { podCertificate: { signerName: "" } }] } },
  { name: "img", image: { reference: "", pullPolicy: "Bad" } },
];
