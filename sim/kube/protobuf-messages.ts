// The protobuf messages the simulator reads (protobuf.ts), by Go type name: field number → "json type", with the
// field numbers of k8s.io/api and k8s.io/apimachinery v0.34's generated.proto and the JSON names and omitempty/pointer
// of their types.go.
//
// type: string, bytes (base64 in JSON), int, bool, quantity, intOrString, time (metav1.Time), microTime
// (metav1.MicroTime), or a message named here;
// "[]T" is repeated, "map[T]" a map with string keys. A trailing "?" marks a Go pointer (present means set, even when
// zero); "!" a field without omitempty (in the JSON even when zero); neither, a value field whose zero means unset.
// A message field without "?" is a Go struct: always in the JSON, `{}` when empty. json "..." is an embedded struct
// (`json:",inline"`) whose fields sit in the parent. type "-" is read and dropped: what the server writes itself (the
// managedFields, a review's or a TokenRequest's status).
//
// A field a table lacks answers 415 naming the message and field.

type Table = Record<number, string>;

const OBJECT_META: Table = {
  1: "name string", 2: "generateName string", 3: "namespace string", 4: "selfLink string", 5: "uid string", 6: "resourceVersion string",
  7: "generation int", 8: "creationTimestamp time", 9: "deletionTimestamp time?", 10: "deletionGracePeriodSeconds int?",
  11: "labels map[string]", 12: "annotations map[string]", 13: "ownerReferences []OwnerReference", 14: "finalizers []string", 17: "managedFields -",
};
const SELECTOR_REQUIREMENT: Table = { 1: "key string!", 2: "operator string!", 3: "values []string" };
const LOCAL_OBJECT_REFERENCE: Table = { 1: "name string" };
const KEY_SELECTOR: Table = { 1: "... LocalObjectReference", 2: "key string!", 3: "optional bool?" };
const OPTIONAL_REFERENCE: Table = { 1: "... LocalObjectReference", 2: "optional bool?" };
const PROJECTION: Table = { 1: "... LocalObjectReference", 2: "items []KeyToPath", 4: "optional bool?" };
const CONTAINER: Table = {
  1: "name string!", 2: "image string", 3: "command []string", 4: "args []string", 5: "workingDir string", 6: "ports []ContainerPort",
  7: "env []EnvVar", 8: "resources ResourceRequirements", 9: "volumeMounts []VolumeMount", 10: "livenessProbe Probe?", 11: "readinessProbe Probe?",
  12: "lifecycle Lifecycle?", 13: "terminationMessagePath string", 14: "imagePullPolicy string", 15: "securityContext SecurityContext?",
  16: "stdin bool", 17: "stdinOnce bool", 18: "tty bool", 19: "envFrom []EnvFromSource", 20: "terminationMessagePolicy string",
  21: "volumeDevices []VolumeDevice", 22: "startupProbe Probe?", 23: "resizePolicy []ContainerResizePolicy", 24: "restartPolicy string?",
  25: "restartPolicyRules []ContainerRestartRule",
};
const HANDLER: Table = { 1: "exec ExecAction?", 2: "httpGet HTTPGetAction?", 3: "tcpSocket TCPSocketAction?" };
const AFFINITY_TERMS: Table = { 1: "requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm", 2: "preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm" };
const PROFILE: Table = { 1: "type string!", 2: "localhostProfile string?" };

/** Every message the simulator decodes; the top-level ones are named as their kinds. */
export const MESSAGES: Record<string, Table> = {
  // meta/v1
  ObjectMeta: OBJECT_META,
  OwnerReference: { 1: "kind string!", 3: "name string!", 4: "uid string!", 5: "apiVersion string!", 6: "controller bool?", 7: "blockOwnerDeletion bool?" },
  LabelSelector: { 1: "matchLabels map[string]", 2: "matchExpressions []LabelSelectorRequirement" },
  LabelSelectorRequirement: SELECTOR_REQUIREMENT,
  FieldSelectorRequirement: SELECTOR_REQUIREMENT,

  // core/v1: the kinds
  Namespace: { 1: "metadata ObjectMeta", 2: "spec NamespaceSpec", 3: "status NamespaceStatus" },
  NamespaceSpec: { 1: "finalizers []string" },
  ConfigMap: { 1: "metadata ObjectMeta", 2: "data map[string]", 3: "binaryData map[bytes]", 4: "immutable bool?" },
  ServiceAccount: { 1: "metadata ObjectMeta", 2: "secrets []ObjectReference", 3: "imagePullSecrets []LocalObjectReference", 4: "automountServiceAccountToken bool?" },
  Secret: { 1: "metadata ObjectMeta", 2: "data map[bytes]", 3: "type string", 4: "stringData map[string]", 5: "immutable bool?" },
  Service: { 1: "metadata ObjectMeta", 2: "spec ServiceSpec", 3: "status ServiceStatus" },
  Pod: { 1: "metadata ObjectMeta", 2: "spec PodSpec", 3: "status PodStatus" },
  Binding: { 1: "metadata ObjectMeta", 2: "target ObjectReference" },
  // A Node keeps the status it is created with (the kubelet registers itself with one); a claim's is reset.
  Node: { 1: "metadata ObjectMeta", 2: "spec NodeSpec", 3: "status NodeStatus" },
  PersistentVolumeClaim: { 1: "metadata ObjectMeta", 2: "spec PersistentVolumeClaimSpec", 3: "status PersistentVolumeClaimStatus" },
  Event: {
    1: "metadata ObjectMeta", 2: "involvedObject ObjectReference", 3: "reason string", 4: "message string", 5: "source EventSource", 6: "firstTimestamp time",
    7: "lastTimestamp time", 8: "count int", 9: "type string", 10: "eventTime microTime", 11: "series EventSeries?", 12: "action string",
    13: "related ObjectReference?", 14: "reportingComponent string!", 15: "reportingInstance string!",
  },

  // core/v1: nodes
  NodeSpec: { 1: "podCIDR string", 2: "externalID string", 3: "providerID string", 4: "unschedulable bool", 5: "taints []Taint", 6: "configSource NodeConfigSource?", 7: "podCIDRs []string" },
  Taint: { 1: "key string!", 2: "value string", 3: "effect string!", 4: "timeAdded time?" },
  NodeConfigSource: { 2: "configMap ConfigMapNodeConfigSource?" },
  ConfigMapNodeConfigSource: { 1: "namespace string!", 2: "name string!", 3: "uid string", 4: "resourceVersion string", 5: "kubeletConfigKey string!" },
  NodeStatus: {
    1: "capacity map[quantity]", 2: "allocatable map[quantity]", 3: "phase string", 4: "conditions []NodeCondition", 5: "addresses []NodeAddress",
    6: "daemonEndpoints NodeDaemonEndpoints", 7: "nodeInfo NodeSystemInfo", 8: "images []ContainerImage", 9: "volumesInUse []string",
    10: "volumesAttached []AttachedVolume", 11: "config NodeConfigStatus?", 12: "runtimeHandlers []NodeRuntimeHandler", 13: "features NodeFeatures?",
  },
  NodeCondition: { 1: "type string!", 2: "status string!", 3: "lastHeartbeatTime time", 4: "lastTransitionTime time", 5: "reason string", 6: "message string" },
  NodeAddress: { 1: "type string!", 2: "address string!" },
  NodeDaemonEndpoints: { 1: "kubeletEndpoint DaemonEndpoint" },
  DaemonEndpoint: { 1: "Port int!" },
  NodeSystemInfo: {
    1: "machineID string!", 2: "systemUUID string!", 3: "bootID string!", 4: "kernelVersion string!", 5: "osImage string!", 6: "containerRuntimeVersion string!",
    7: "kubeletVersion string!", 8: "kubeProxyVersion string!", 9: "operatingSystem string!", 10: "architecture string!", 11: "swap NodeSwapStatus?",
  },
  NodeSwapStatus: { 1: "capacity int?" },
  ContainerImage: { 1: "names []string", 2: "sizeBytes int" },
  AttachedVolume: { 1: "name string!", 2: "devicePath string!" },
  NodeConfigStatus: { 1: "assigned NodeConfigSource?", 2: "active NodeConfigSource?", 3: "lastKnownGood NodeConfigSource?", 4: "error string" },
  NodeRuntimeHandler: { 1: "name string!", 2: "features NodeRuntimeHandlerFeatures?" },
  NodeRuntimeHandlerFeatures: { 1: "recursiveReadOnlyMounts bool?", 2: "userNamespaces bool?" },
  NodeFeatures: { 1: "supplementalGroupsPolicy bool?" },

  // core/v1: claims and events
  PersistentVolumeClaimSpec: {
    1: "accessModes []string", 2: "resources VolumeResourceRequirements", 3: "volumeName string", 4: "selector LabelSelector?", 5: "storageClassName string?",
    6: "volumeMode string?", 7: "dataSource TypedLocalObjectReference?", 8: "dataSourceRef TypedObjectReference?", 9: "volumeAttributesClassName string?",
  },
  VolumeResourceRequirements: { 1: "limits map[quantity]", 2: "requests map[quantity]" },
  TypedObjectReference: { 1: "apiGroup string?", 2: "kind string!", 3: "name string!", 4: "namespace string?" },
  ObjectReference: { 1: "kind string", 2: "namespace string", 3: "name string", 4: "uid string", 5: "apiVersion string", 6: "resourceVersion string", 7: "fieldPath string" },
  EventSource: { 1: "component string", 2: "host string" },
  EventSeries: { 1: "count int", 2: "lastObservedTime microTime" },

  // core/v1: Service
  ServiceSpec: {
    1: "ports []ServicePort", 2: "selector map[string]", 3: "clusterIP string", 4: "type string", 5: "externalIPs []string", 7: "sessionAffinity string",
    8: "loadBalancerIP string", 9: "loadBalancerSourceRanges []string", 10: "externalName string", 11: "externalTrafficPolicy string",
    12: "healthCheckNodePort int", 13: "publishNotReadyAddresses bool", 14: "sessionAffinityConfig SessionAffinityConfig?", 17: "ipFamilyPolicy string?",
    18: "clusterIPs []string", 19: "ipFamilies []string", 20: "allocateLoadBalancerNodePorts bool?", 21: "loadBalancerClass string?",
    22: "internalTrafficPolicy string?", 23: "trafficDistribution string?",
  },
  ServicePort: { 1: "name string", 2: "protocol string", 3: "port int!", 4: "targetPort intOrString", 5: "nodePort int", 6: "appProtocol string?" },
  SessionAffinityConfig: { 1: "clientIP ClientIPConfig?" },
  ClientIPConfig: { 1: "timeoutSeconds int?" },

  // core/v1: pods
  PodTemplateSpec: { 1: "metadata ObjectMeta", 2: "spec PodSpec" },
  PodSpec: {
    1: "volumes []Volume", 2: "containers []Container", 3: "restartPolicy string", 4: "terminationGracePeriodSeconds int?", 5: "activeDeadlineSeconds int?",
    6: "dnsPolicy string", 7: "nodeSelector map[string]", 8: "serviceAccountName string", 9: "serviceAccount string", 10: "nodeName string",
    11: "hostNetwork bool", 12: "hostPID bool", 13: "hostIPC bool", 14: "securityContext PodSecurityContext?", 15: "imagePullSecrets []LocalObjectReference",
    16: "hostname string", 17: "subdomain string", 18: "affinity Affinity?", 19: "schedulerName string", 20: "initContainers []Container",
    21: "automountServiceAccountToken bool?", 22: "tolerations []Toleration", 23: "hostAliases []HostAlias", 24: "priorityClassName string",
    25: "priority int?", 26: "dnsConfig PodDNSConfig?", 27: "shareProcessNamespace bool?", 28: "readinessGates []PodReadinessGate",
    29: "runtimeClassName string?", 30: "enableServiceLinks bool?", 31: "preemptionPolicy string?", 32: "overhead map[quantity]",
    33: "topologySpreadConstraints []TopologySpreadConstraint", 34: "ephemeralContainers []EphemeralContainer", 35: "setHostnameAsFQDN bool?",
    36: "os PodOS?", 37: "hostUsers bool?", 38: "schedulingGates []PodSchedulingGate", 39: "resourceClaims []PodResourceClaim",
    40: "resources ResourceRequirements?", 41: "hostnameOverride string?",
  },
  Container: CONTAINER,
  EphemeralContainer: { 1: "... EphemeralContainerCommon", 2: "targetContainerName string" },
  EphemeralContainerCommon: CONTAINER,
  ContainerPort: { 1: "name string", 2: "hostPort int", 3: "containerPort int!", 4: "protocol string", 5: "hostIP string" },
  EnvVar: { 1: "name string!", 2: "value string", 3: "valueFrom EnvVarSource?" },
  EnvVarSource: {
    1: "fieldRef ObjectFieldSelector?", 2: "resourceFieldRef ResourceFieldSelector?", 3: "configMapKeyRef ConfigMapKeySelector?",
    4: "secretKeyRef SecretKeySelector?", 5: "fileKeyRef FileKeySelector?",
  },
  ObjectFieldSelector: { 1: "apiVersion string", 2: "fieldPath string!" },
  ResourceFieldSelector: { 1: "containerName string", 2: "resource string!", 3: "divisor quantity" },
  ConfigMapKeySelector: KEY_SELECTOR,
  SecretKeySelector: KEY_SELECTOR,
  FileKeySelector: { 1: "volumeName string!", 2: "path string!", 3: "key string!", 4: "optional bool?" },
  EnvFromSource: { 1: "prefix string", 2: "configMapRef ConfigMapEnvSource?", 3: "secretRef SecretEnvSource?" },
  ConfigMapEnvSource: OPTIONAL_REFERENCE,
  SecretEnvSource: OPTIONAL_REFERENCE,
  LocalObjectReference: LOCAL_OBJECT_REFERENCE,
  ResourceRequirements: { 1: "limits map[quantity]", 2: "requests map[quantity]", 3: "claims []ResourceClaim" },
  ResourceClaim: { 1: "name string!", 2: "request string" },
  VolumeMount: { 1: "name string!", 2: "readOnly bool", 3: "mountPath string!", 4: "subPath string", 5: "mountPropagation string?", 6: "subPathExpr string", 7: "recursiveReadOnly string?" },
  VolumeDevice: { 1: "name string!", 2: "devicePath string!" },
  Probe: {
    1: "... ProbeHandler", 2: "initialDelaySeconds int", 3: "timeoutSeconds int", 4: "periodSeconds int", 5: "successThreshold int", 6: "failureThreshold int",
    7: "terminationGracePeriodSeconds int?",
  },
  ProbeHandler: { ...HANDLER, 4: "grpc GRPCAction?" },
  LifecycleHandler: { ...HANDLER, 4: "sleep SleepAction?" },
  Lifecycle: { 1: "postStart LifecycleHandler?", 2: "preStop LifecycleHandler?", 3: "stopSignal string?" },
  ExecAction: { 1: "command []string" },
  HTTPGetAction: { 1: "path string", 2: "port intOrString", 3: "host string", 4: "scheme string", 5: "httpHeaders []HTTPHeader" },
  HTTPHeader: { 1: "name string!", 2: "value string!" },
  TCPSocketAction: { 1: "port intOrString", 2: "host string" },
  GRPCAction: { 1: "port int!", 2: "service string?" },
  SleepAction: { 1: "seconds int!" },
  ContainerResizePolicy: { 1: "resourceName string!", 2: "restartPolicy string!" },
  ContainerRestartRule: { 1: "action string", 2: "exitCodes ContainerRestartRuleOnExitCodes?" },
  ContainerRestartRuleOnExitCodes: { 1: "operator string", 2: "values []int" },
  SecurityContext: {
    1: "capabilities Capabilities?", 2: "privileged bool?", 3: "seLinuxOptions SELinuxOptions?", 4: "runAsUser int?", 5: "runAsNonRoot bool?",
    6: "readOnlyRootFilesystem bool?", 7: "allowPrivilegeEscalation bool?", 8: "runAsGroup int?", 9: "procMount string?",
    10: "windowsOptions WindowsSecurityContextOptions?", 11: "seccompProfile SeccompProfile?", 12: "appArmorProfile AppArmorProfile?",
  },
  PodSecurityContext: {
    1: "seLinuxOptions SELinuxOptions?", 2: "runAsUser int?", 3: "runAsNonRoot bool?", 4: "supplementalGroups []int", 5: "fsGroup int?", 6: "runAsGroup int?",
    7: "sysctls []Sysctl", 8: "windowsOptions WindowsSecurityContextOptions?", 9: "fsGroupChangePolicy string?", 10: "seccompProfile SeccompProfile?",
    11: "appArmorProfile AppArmorProfile?", 12: "supplementalGroupsPolicy string?", 13: "seLinuxChangePolicy string?",
  },
  Capabilities: { 1: "add []string", 2: "drop []string" },
  SELinuxOptions: { 1: "user string", 2: "role string", 3: "type string", 4: "level string" },
  WindowsSecurityContextOptions: { 1: "gmsaCredentialSpecName string?", 2: "gmsaCredentialSpec string?", 3: "runAsUserName string?", 4: "hostProcess bool?" },
  SeccompProfile: PROFILE,
  AppArmorProfile: PROFILE,
  Sysctl: { 1: "name string!", 2: "value string!" },
  Toleration: { 1: "key string", 2: "operator string", 3: "value string", 4: "effect string", 5: "tolerationSeconds int?" },
  HostAlias: { 1: "ip string!", 2: "hostnames []string" },
  PodDNSConfig: { 1: "nameservers []string", 2: "searches []string", 3: "options []PodDNSConfigOption" },
  PodDNSConfigOption: { 1: "name string", 2: "value string?" },
  PodReadinessGate: { 1: "conditionType string!" },
  PodOS: { 1: "name string!" },
  PodSchedulingGate: { 1: "name string!" },
  PodResourceClaim: { 1: "name string!", 3: "resourceClaimName string?", 4: "resourceClaimTemplateName string?" },
  TopologySpreadConstraint: {
    1: "maxSkew int!", 2: "topologyKey string!", 3: "whenUnsatisfiable string!", 4: "labelSelector LabelSelector?", 5: "minDomains int?",
    6: "nodeAffinityPolicy string?", 7: "nodeTaintsPolicy string?", 8: "matchLabelKeys []string",
  },
  Affinity: { 1: "nodeAffinity NodeAffinity?", 2: "podAffinity PodAffinity?", 3: "podAntiAffinity PodAntiAffinity?" },
  NodeAffinity: { 1: "requiredDuringSchedulingIgnoredDuringExecution NodeSelector?", 2: "preferredDuringSchedulingIgnoredDuringExecution []PreferredSchedulingTerm" },
  NodeSelector: { 1: "nodeSelectorTerms []NodeSelectorTerm" },
  NodeSelectorTerm: { 1: "matchExpressions []NodeSelectorRequirement", 2: "matchFields []NodeSelectorRequirement" },
  NodeSelectorRequirement: SELECTOR_REQUIREMENT,
  PreferredSchedulingTerm: { 1: "weight int!", 2: "preference NodeSelectorTerm" },
  PodAffinity: AFFINITY_TERMS,
  PodAntiAffinity: AFFINITY_TERMS,
  PodAffinityTerm: {
    1: "labelSelector LabelSelector?", 2: "namespaces []string", 3: "topologyKey string!", 4: "namespaceSelector LabelSelector?", 5: "matchLabelKeys []string",
    6: "mismatchLabelKeys []string",
  },
  WeightedPodAffinityTerm: { 1: "weight int!", 2: "podAffinityTerm PodAffinityTerm" },

  // core/v1: volumes
  Volume: { 1: "name string!", 2: "... VolumeSource" },
  VolumeSource: {
    1: "hostPath HostPathVolumeSource?", 2: "emptyDir EmptyDirVolumeSource?", 3: "gcePersistentDisk GCEPersistentDiskVolumeSource?",
    4: "awsElasticBlockStore AWSElasticBlockStoreVolumeSource?", 5: "gitRepo GitRepoVolumeSource?", 6: "secret SecretVolumeSource?",
    7: "nfs NFSVolumeSource?", 8: "iscsi ISCSIVolumeSource?", 9: "glusterfs GlusterfsVolumeSource?",
    10: "persistentVolumeClaim PersistentVolumeClaimVolumeSource?", 11: "rbd RBDVolumeSource?", 12: "flexVolume FlexVolumeSource?",
    13: "cinder CinderVolumeSource?", 14: "cephfs CephFSVolumeSource?", 15: "flocker FlockerVolumeSource?",
    16: "downwardAPI DownwardAPIVolumeSource?", 17: "fc FCVolumeSource?", 18: "azureFile AzureFileVolumeSource?",
    19: "configMap ConfigMapVolumeSource?", 20: "vsphereVolume VsphereVirtualDiskVolumeSource?", 21: "quobyte QuobyteVolumeSource?",
    22: "azureDisk AzureDiskVolumeSource?", 23: "photonPersistentDisk PhotonPersistentDiskVolumeSource?", 24: "portworxVolume PortworxVolumeSource?",
    25: "scaleIO ScaleIOVolumeSource?", 26: "projected ProjectedVolumeSource?", 27: "storageos StorageOSVolumeSource?", 28: "csi CSIVolumeSource?",
    29: "ephemeral EphemeralVolumeSource?", 30: "image ImageVolumeSource?",
  },
  HostPathVolumeSource: { 1: "path string!", 2: "type string?" },
  EmptyDirVolumeSource: { 1: "medium string", 2: "sizeLimit quantity?" },
  SecretVolumeSource: { 1: "secretName string", 2: "items []KeyToPath", 3: "defaultMode int?", 4: "optional bool?" },
  NFSVolumeSource: { 1: "server string!", 2: "path string!", 3: "readOnly bool" },
  PersistentVolumeClaimVolumeSource: { 1: "claimName string!", 2: "readOnly bool" },
  DownwardAPIVolumeSource: { 1: "items []DownwardAPIVolumeFile", 2: "defaultMode int?" },
  DownwardAPIVolumeFile: { 1: "path string!", 2: "fieldRef ObjectFieldSelector?", 3: "resourceFieldRef ResourceFieldSelector?", 4: "mode int?" },
  ConfigMapVolumeSource: { 1: "... LocalObjectReference", 2: "items []KeyToPath", 3: "defaultMode int?", 4: "optional bool?" },
  KeyToPath: { 1: "key string!", 2: "path string!", 3: "mode int?" },
  ProjectedVolumeSource: { 1: "sources []VolumeProjection", 2: "defaultMode int?" },
  VolumeProjection: {
    1: "secret SecretProjection?", 2: "downwardAPI DownwardAPIProjection?", 3: "configMap ConfigMapProjection?",
    4: "serviceAccountToken ServiceAccountTokenProjection?", 5: "clusterTrustBundle ClusterTrustBundleProjection?", 6: "podCertificate PodCertificateProjection?",
  },
  SecretProjection: PROJECTION,
  ConfigMapProjection: PROJECTION,
  DownwardAPIProjection: { 1: "items []DownwardAPIVolumeFile" },
  ServiceAccountTokenProjection: { 1: "audience string", 2: "expirationSeconds int?", 3: "path string!" },
  ClusterTrustBundleProjection: { 1: "name string?", 2: "signerName string?", 3: "labelSelector LabelSelector?", 4: "path string!", 5: "optional bool?" },
  PodCertificateProjection: {
    1: "signerName string", 2: "keyType string", 3: "maxExpirationSeconds int?", 4: "credentialBundlePath string", 5: "keyPath string", 6: "certificateChainPath string",
  },
  CSIVolumeSource: { 1: "driver string!", 2: "readOnly bool?", 3: "fsType string?", 4: "volumeAttributes map[string]", 5: "nodePublishSecretRef LocalObjectReference?" },
  ImageVolumeSource: { 1: "reference string", 2: "pullPolicy string" },
  GCEPersistentDiskVolumeSource: { 1: "pdName string!", 2: "fsType string", 3: "partition int", 4: "readOnly bool" },
  AWSElasticBlockStoreVolumeSource: { 1: "volumeID string!", 2: "fsType string", 3: "partition int", 4: "readOnly bool" },
  GitRepoVolumeSource: { 1: "repository string!", 2: "revision string", 3: "directory string" },
  ISCSIVolumeSource: { 1: "targetPortal string!", 2: "iqn string!", 3: "lun int!", 4: "iscsiInterface string", 5: "fsType string", 6: "readOnly bool", 7: "portals []string", 8: "chapAuthDiscovery bool", 11: "chapAuthSession bool", 10: "secretRef LocalObjectReference?", 12: "initiatorName string?" },
  GlusterfsVolumeSource: { 1: "endpoints string!", 2: "path string!", 3: "readOnly bool" },
  RBDVolumeSource: { 1: "monitors []string", 2: "image string!", 3: "fsType string", 4: "pool string", 5: "user string", 6: "keyring string", 7: "secretRef LocalObjectReference?", 8: "readOnly bool" },
  FlexVolumeSource: { 1: "driver string!", 2: "fsType string", 3: "secretRef LocalObjectReference?", 4: "readOnly bool", 5: "options map[string]" },
  CinderVolumeSource: { 1: "volumeID string!", 2: "fsType string", 3: "readOnly bool", 4: "secretRef LocalObjectReference?" },
  CephFSVolumeSource: { 1: "monitors []string", 2: "path string", 3: "user string", 4: "secretFile string", 5: "secretRef LocalObjectReference?", 6: "readOnly bool" },
  FlockerVolumeSource: { 1: "datasetName string", 2: "datasetUUID string" },
  FCVolumeSource: { 1: "targetWWNs []string", 2: "lun int?", 3: "fsType string", 4: "readOnly bool", 5: "wwids []string" },
  AzureFileVolumeSource: { 1: "secretName string!", 2: "shareName string!", 3: "readOnly bool" },
  VsphereVirtualDiskVolumeSource: { 1: "volumePath string!", 2: "fsType string", 3: "storagePolicyName string", 4: "storagePolicyID string" },
  QuobyteVolumeSource: { 1: "registry string!", 2: "volume string!", 3: "readOnly bool", 4: "user string", 5: "group string", 6: "tenant string" },
  AzureDiskVolumeSource: { 1: "diskName string!", 2: "diskURI string!", 3: "cachingMode string?", 4: "fsType string?", 5: "readOnly bool?", 6: "kind string?" },
  PhotonPersistentDiskVolumeSource: { 1: "pdID string!", 2: "fsType string" },
  PortworxVolumeSource: { 1: "volumeID string!", 2: "fsType string", 3: "readOnly bool" },
  ScaleIOVolumeSource: { 1: "gateway string!", 2: "system string!", 3: "secretRef LocalObjectReference?", 4: "sslEnabled bool", 5: "protectionDomain string", 6: "storagePool string", 7: "storageMode string", 8: "volumeName string", 9: "fsType string", 10: "readOnly bool" },
  StorageOSVolumeSource: { 1: "volumeName string", 2: "volumeNamespace string", 3: "fsType string", 4: "readOnly bool", 5: "secretRef LocalObjectReference?" },
  EphemeralVolumeSource: { 1: "volumeClaimTemplate PersistentVolumeClaimTemplate?" },
  PersistentVolumeClaimTemplate: { 1: "metadata ObjectMeta", 2: "spec PersistentVolumeClaimSpec!" },
  TypedLocalObjectReference: { 1: "apiGroup string?", 2: "kind string!", 3: "name string!" },

  // apps/v1
  Deployment: { 1: "metadata ObjectMeta", 2: "spec DeploymentSpec", 3: "status DeploymentStatus" },
  DeploymentSpec: {
    1: "replicas int?", 2: "selector LabelSelector?", 3: "template PodTemplateSpec", 4: "strategy DeploymentStrategy", 5: "minReadySeconds int",
    6: "revisionHistoryLimit int?", 7: "paused bool", 9: "progressDeadlineSeconds int?",
  },
  DeploymentStrategy: { 1: "type string", 2: "rollingUpdate RollingUpdateDeployment?" },
  RollingUpdateDeployment: { 1: "maxUnavailable intOrString?", 2: "maxSurge intOrString?" },
  ReplicaSet: { 1: "metadata ObjectMeta", 2: "spec ReplicaSetSpec", 3: "status ReplicaSetStatus" },
  ReplicaSetSpec: { 1: "replicas int?", 2: "selector LabelSelector?", 3: "template PodTemplateSpec", 4: "minReadySeconds int" },

  // storage/v1, coordination/v1, discovery/v1
  StorageClass: {
    1: "metadata ObjectMeta", 2: "provisioner string!", 3: "parameters map[string]", 4: "reclaimPolicy string?", 5: "mountOptions []string",
    6: "allowVolumeExpansion bool?", 7: "volumeBindingMode string?", 8: "allowedTopologies []TopologySelectorTerm",
  },
  TopologySelectorTerm: { 1: "matchLabelExpressions []TopologySelectorLabelRequirement" },
  TopologySelectorLabelRequirement: { 1: "key string!", 2: "values []string" },
  Lease: { 1: "metadata ObjectMeta", 2: "spec LeaseSpec" },
  LeaseSpec: {
    1: "holderIdentity string?", 2: "leaseDurationSeconds int?", 3: "acquireTime microTime?", 4: "renewTime microTime?", 5: "leaseTransitions int?",
    6: "strategy string?", 7: "preferredHolder string?",
  },
  Endpoints: { 1: "metadata ObjectMeta", 2: "subsets []EndpointSubset" },
  EndpointSubset: { 1: "addresses []EndpointAddress", 2: "notReadyAddresses []EndpointAddress", 3: "ports []CoreEndpointPort" },
  EndpointAddress: { 1: "ip string!", 2: "targetRef ObjectReference?", 3: "hostname string", 4: "nodeName string?" },
  // core/v1's EndpointPort (discovery/v1's is EndpointPort below).
  CoreEndpointPort: { 1: "name string", 2: "port int!", 3: "protocol string", 4: "appProtocol string?" },
  EndpointSlice: { 1: "metadata ObjectMeta", 2: "endpoints []Endpoint", 3: "ports []EndpointPort", 4: "addressType string!" },
  Endpoint: {
    1: "addresses []string", 2: "conditions EndpointConditions", 3: "hostname string?", 4: "targetRef ObjectReference?", 5: "deprecatedTopology map[string]",
    6: "nodeName string?", 7: "zone string?", 8: "hints EndpointHints?",
  },
  EndpointConditions: { 1: "ready bool?", 2: "serving bool?", 3: "terminating bool?" },
  EndpointHints: { 1: "forZones []ForZone", 2: "forNodes []ForNode" },
  ForZone: { 1: "name string!" },
  ForNode: { 1: "name string!" },
  EndpointPort: { 1: "name string?", 2: "protocol string?", 3: "port int?", 4: "appProtocol string?" },

  // networking/v1
  Ingress: { 1: "metadata ObjectMeta", 2: "spec IngressSpec", 3: "status IngressStatus" },
  IngressSpec: { 1: "defaultBackend IngressBackend?", 2: "tls []IngressTLS", 3: "rules []IngressRule", 4: "ingressClassName string?" },
  IngressBackend: { 3: "resource TypedLocalObjectReference?", 4: "service IngressServiceBackend?" },
  IngressServiceBackend: { 1: "name string!", 2: "port ServiceBackendPort" },
  ServiceBackendPort: { 1: "name string", 2: "number int" },
  IngressRule: { 1: "host string", 2: "... IngressRuleValue" },
  IngressRuleValue: { 1: "http HTTPIngressRuleValue?" },
  HTTPIngressRuleValue: { 1: "paths []HTTPIngressPath" },
  HTTPIngressPath: { 1: "path string", 2: "backend IngressBackend", 3: "pathType string?" },
  IngressTLS: { 1: "hosts []string", 2: "secretName string" },

  // authentication/v1: a TokenRequest (`kubectl create token`) and a SelfSubjectReview (`kubectl auth whoami`)
  TokenRequest: { 1: "metadata ObjectMeta", 2: "spec TokenRequestSpec", 3: "status -" },
  TokenRequestSpec: { 1: "audiences []string", 4: "expirationSeconds int?", 3: "boundObjectRef BoundObjectReference?" },
  BoundObjectReference: { 1: "kind string", 2: "apiVersion string", 3: "name string", 4: "uid string" },
  SelfSubjectReview: { 1: "metadata ObjectMeta", 2: "status -" },

  // authorization/v1
  SelfSubjectAccessReview: { 1: "metadata ObjectMeta", 2: "spec SelfSubjectAccessReviewSpec", 3: "status -" },
  SelfSubjectAccessReviewSpec: { 1: "resourceAttributes ResourceAttributes?", 2: "nonResourceAttributes NonResourceAttributes?" },
  ResourceAttributes: {
    1: "namespace string", 2: "verb string", 3: "group string", 4: "version string", 5: "resource string", 6: "subresource string", 7: "name string",
    8: "fieldSelector FieldSelectorAttributes?", 9: "labelSelector LabelSelectorAttributes?",
  },
  NonResourceAttributes: { 1: "path string", 2: "verb string" },
  FieldSelectorAttributes: { 1: "rawSelector string", 2: "requirements []FieldSelectorRequirement" },
  LabelSelectorAttributes: { 1: "rawSelector string", 2: "requirements []LabelSelectorRequirement" },
  // The statuses of the kinds whose status is a subresource (a create resets them; a status write, or field
  // validation, reads them).
  PodStatus: {
    1: "phase string", 2: "conditions []PodCondition", 3: "message string", 4: "reason string", 5: "hostIP string", 6: "podIP string",
    7: "startTime time?", 8: "containerStatuses []ContainerStatus", 9: "qosClass string", 10: "initContainerStatuses []ContainerStatus",
    11: "nominatedNodeName string", 12: "podIPs []PodIP", 13: "ephemeralContainerStatuses []ContainerStatus", 14: "resize string",
    15: "resourceClaimStatuses []PodResourceClaimStatus", 16: "hostIPs []HostIP", 17: "observedGeneration int",
    18: "extendedResourceClaimStatus PodExtendedResourceClaimStatus?",
  },
  PodCondition: {
    1: "type string!", 2: "status string!", 3: "lastProbeTime time", 4: "lastTransitionTime time", 5: "reason string", 6: "message string",
    7: "observedGeneration int",
  },
  ContainerStatus: {
    1: "name string!", 2: "state ContainerState", 3: "lastState ContainerState", 4: "ready bool!", 5: "restartCount int!", 6: "image string!",
    7: "imageID string!", 8: "containerID string", 9: "started bool?", 10: "allocatedResources map[quantity]", 11: "resources ResourceRequirements?",
    12: "volumeMounts []VolumeMountStatus", 13: "user ContainerUser?", 14: "allocatedResourcesStatus []ResourceStatus", 15: "stopSignal string?",
  },
  ContainerState: { 1: "waiting ContainerStateWaiting?", 2: "running ContainerStateRunning?", 3: "terminated ContainerStateTerminated?" },
  ContainerStateWaiting: { 1: "reason string", 2: "message string" },
  ContainerStateRunning: { 1: "startedAt time" },
  ContainerStateTerminated: {
    1: "exitCode int!", 2: "signal int", 3: "reason string", 4: "message string", 5: "startedAt time", 6: "finishedAt time", 7: "containerID string",
  },
  HostIP: { 1: "ip string!" },
  PodIP: { 1: "ip string!" },
  VolumeMountStatus: { 1: "name string!", 2: "mountPath string!", 3: "readOnly bool", 4: "recursiveReadOnly string?" },
  ContainerUser: { 1: "linux LinuxContainerUser?" },
  LinuxContainerUser: { 1: "uid int!", 2: "gid int!", 3: "supplementalGroups []int" },
  ResourceStatus: { 1: "name string!", 2: "resources []ResourceHealth" },
  ResourceHealth: { 1: "resourceID string!", 2: "health string" },
  PodResourceClaimStatus: { 1: "name string!", 2: "resourceClaimName string?" },
  PodExtendedResourceClaimStatus: { 1: "requestMappings []ContainerExtendedResourceRequest", 2: "resourceClaimName string!" },
  ContainerExtendedResourceRequest: { 1: "containerName string!", 2: "resourceName string!", 3: "requestName string!" },
  DeploymentStatus: {
    1: "observedGeneration int", 2: "replicas int", 3: "updatedReplicas int", 4: "availableReplicas int", 5: "unavailableReplicas int",
    6: "conditions []DeploymentCondition", 7: "readyReplicas int", 8: "collisionCount int?", 9: "terminatingReplicas int?",
  },
  DeploymentCondition: {
    1: "type string!", 2: "status string!", 4: "reason string", 5: "message string", 6: "lastUpdateTime time", 7: "lastTransitionTime time",
  },
  ReplicaSetStatus: {
    1: "replicas int!", 2: "fullyLabeledReplicas int", 3: "observedGeneration int", 4: "readyReplicas int", 5: "availableReplicas int",
    6: "conditions []ReplicaSetCondition", 7: "terminatingReplicas int?",
  },
  ReplicaSetCondition: { 1: "type string!", 2: "status string!", 3: "lastTransitionTime time", 4: "reason string", 5: "message string" },
  ServiceStatus: { 1: "loadBalancer LoadBalancerStatus", 2: "conditions []Condition" },
  LoadBalancerStatus: { 1: "ingress []LoadBalancerIngress" },
  LoadBalancerIngress: { 1: "ip string", 2: "hostname string", 3: "ipMode string?", 4: "ports []PortStatus" },
  PortStatus: { 1: "port int!", 2: "protocol string!", 3: "error string?" },
  Condition: { 1: "type string!", 2: "status string!", 3: "observedGeneration int", 4: "lastTransitionTime time", 5: "reason string!", 6: "message string!" },
  PersistentVolumeClaimStatus: {
    1: "phase string", 2: "accessModes []string", 3: "capacity map[quantity]", 4: "conditions []PersistentVolumeClaimCondition",
    5: "allocatedResources map[quantity]", 7: "allocatedResourceStatuses map[string]", 8: "currentVolumeAttributesClassName string?",
    9: "modifyVolumeStatus ModifyVolumeStatus?",
  },
  PersistentVolumeClaimCondition: {
    1: "type string!", 2: "status string!", 3: "lastProbeTime time", 4: "lastTransitionTime time", 5: "reason string", 6: "message string",
  },
  ModifyVolumeStatus: { 1: "targetVolumeAttributesClassName string", 2: "status string!" },
  NamespaceStatus: { 1: "phase string", 2: "conditions []NamespaceCondition" },
  NamespaceCondition: { 1: "type string!", 2: "status string!", 4: "lastTransitionTime time", 5: "reason string", 6: "message string" },
  IngressStatus: { 1: "loadBalancer IngressLoadBalancerStatus" },
  IngressLoadBalancerStatus: { 1: "ingress []IngressLoadBalancerIngress" },
  IngressLoadBalancerIngress: { 1: "ip string", 2: "hostname string", 4: "ports []IngressPortStatus" },
  IngressPortStatus: { 1: "port int!", 2: "protocol string!", 3: "error string?" },
};
