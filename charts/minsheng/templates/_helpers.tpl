{{/*
Names, labels and the small building blocks shared by the looping template (services.yaml).
*/}}

{{- define "minsheng.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "minsheng.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "minsheng.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels common to every object of the release. */}}
{{- define "minsheng.labels" -}}
helm.sh/chart: {{ include "minsheng.chart" . }}
app.kubernetes.io/name: {{ include "minsheng.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ (.Values.image.tag | default .Chart.AppVersion) | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: minsheng
{{- end }}

{{/*
Workload names and labels. Argument: dict root, service, role.
*/}}
{{- define "minsheng.workloadName" -}}
{{- printf "%s-%s-%s" (include "minsheng.fullname" .root) .service .role | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "minsheng.selectorLabels" -}}
app.kubernetes.io/name: {{ include "minsheng.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
minsheng/service: {{ .service }}
{{- end }}

{{- define "minsheng.workloadLabels" -}}
{{ include "minsheng.labels" .root }}
app.kubernetes.io/component: {{ .role }}
minsheng/service: {{ .service }}
{{- end }}

{{- define "minsheng.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
{{- if .Values.image.digest -}}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end }}

{{/*
Recursive merge of two maps: `override` wins, nested maps are merged, lists replaced.
(sprig's merge/mergeOverwrite drop `false` and 0 overrides, so they are not used.)
Argument: dict base, override. Returns YAML.
*/}}
{{- define "minsheng.deepMerge" -}}
{{- $out := deepCopy (.base | default dict) -}}
{{- range $k, $v := (.override | default dict) -}}
{{- $b := index $out $k -}}
{{- if and (kindIs "map" $v) (kindIs "map" $b) -}}
{{- $_ := set $out $k (include "minsheng.deepMerge" (dict "base" $b "override" $v) | fromYaml) -}}
{{- else -}}
{{- $_ := set $out $k $v -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end }}

{{/* The chart-wide configuration (ConfigMap data, also inlined in the migration Jobs). */}}
{{- define "minsheng.configData" -}}
MINSHENG_NATS_URL: {{ .Values.nats.url | quote }}
MINSHENG_TOWNS: {{ .Values.towns | toJson | quote }}
MINSHENG_JWT_ISSUER: {{ .Values.jwt.issuer | quote }}
MINSHENG_JWT_AUDIENCE: {{ .Values.jwt.audience | quote }}
MINSHENG_MAX_TOKEN_LIFETIME_SECONDS: {{ .Values.jwt.maxTokenLifetimeSeconds | quote }}
MINSHENG_LOG_LEVEL: {{ .Values.logLevel | quote }}
MINSHENG_OTLP_ENDPOINT: {{ .Values.otlpEndpoint | quote }}
MINSHENG_DB_APP_ROLE: {{ .Values.database.appRole | quote }}
MINSHENG_DB_RELAY_ROLE: {{ .Values.database.relayRole | quote }}
{{- end }}

{{- define "minsheng.configMapName" -}}
{{- printf "%s-config" (include "minsheng.fullname" .) -}}
{{- end }}

{{- define "minsheng.databaseSecret" -}}
{{- .svc.databaseSecret | default (printf "minsheng-%s-db" .service) -}}
{{- end }}

{{/*
checkov skip annotations, each with its justification. Argument: dict root, secretEnv (bool).
Only rendered when the setting they excuse is in force.
*/}}
{{- define "minsheng.checkovSkips" -}}
{{- $i := 0 }}
{{- if .secretEnv }}
{{- $i = add1 $i }}
checkov.io/skip{{ $i }}: CKV_K8S_35=The processes read configuration only from the environment (12-factor, as the image documents); values come from existing Secrets referenced by name, never from the chart.
{{- end }}
{{- if not .root.Values.image.digest }}
{{- $i = add1 $i }}
checkov.io/skip{{ $i }}: CKV_K8S_43=Images are pinned by an immutable release tag; set image.digest to pin by digest as well (the skip then disappears).
{{- end }}
{{- if ne .root.Values.image.pullPolicy "Always" }}
{{- $i = add1 $i }}
checkov.io/skip{{ $i }}: CKV_K8S_15=Release tags are immutable, so IfNotPresent cannot run a stale image and pod starts do not depend on the registry; set image.pullPolicy Always to change.
{{- end }}
{{- end }}

{{/* Pod security context (pod level). */}}
{{- define "minsheng.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurityContext.runAsUser }}
runAsGroup: {{ .Values.podSecurityContext.runAsGroup }}
fsGroup: {{ .Values.podSecurityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container security context. */}}
{{- define "minsheng.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurityContext.runAsUser }}
runAsGroup: {{ .Values.podSecurityContext.runAsGroup }}
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
Environment of one process. Argument: dict root, service, svc, role.
*/}}
{{- define "minsheng.env" -}}
{{- $dbKey := ternary "relay-database-url" "app-database-url" (eq .role "relay") }}
{{- if eq .role "migrate" }}{{ $dbKey = "owner-database-url" }}{{ end }}
- name: MINSHENG_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "minsheng.databaseSecret" . }}
      key: {{ $dbKey }}
- name: MINSHENG_GRPC_PORT
  value: "50051"
- name: MINSHENG_METRICS_PORT
  value: "9464"
{{- if eq .role "migrate" }}
{{- range $k, $v := (include "minsheng.configData" .root | fromYaml) }}
- name: {{ $k }}
  value: {{ $v | quote }}
{{- end }}
{{- end }}
{{- if eq .role "api" }}
- name: MINSHENG_JWT_PUBLIC_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.jwt.publicKeySecret }}
      key: jwt-public-key
- name: MINSHENG_PAGE_TOKEN_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.pageTokens.keySecret }}
      key: page-token-key
{{- end }}
{{- if and .root.Values.nats.credentialsSecret (ne .role "migrate") }}
- name: MINSHENG_NATS_CREDS
  value: /etc/minsheng/nats/nats.creds
{{- end }}
{{- if and (eq .role "api") .svc.http }}
- name: MINSHENG_HTTP_PORT
  value: {{ .svc.http.port | quote }}
{{- end }}
{{- if and (eq .role "api") .svc.callsApis }}
- name: MINSHENG_GATEWAY_TARGETS
  value: {{ include "minsheng.apiTargets" . | quote }}
{{- end }}
{{- range .root.Values.extraEnv }}
- name: {{ .name }}
  value: {{ .value | quote }}
{{- end }}
{{- range .svc.extraEnv }}
- name: {{ .name }}
  value: {{ .value | quote }}
{{- end }}
{{- $role := .role }}
{{- range .svc.extraSecretEnv }}
{{- if has $role (.roles | default (list "api" "consumer" "relay")) }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secretName }}
      key: {{ .key }}
{{- end }}
{{- end }}
{{- end }}

{{/* Volumes and mounts: /tmp (read-only root filesystem) and the optional NATS creds. */}}
{{- define "minsheng.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- if and .root.Values.nats.credentialsSecret (ne .role "migrate") }}
- name: nats-creds
  secret:
    secretName: {{ .root.Values.nats.credentialsSecret }}
    defaultMode: 0440
    items:
      - key: nats.creds
        path: nats.creds
{{- end }}
{{- end }}

{{- define "minsheng.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if and .root.Values.nats.credentialsSecret (ne .role "migrate") }}
- name: nats-creds
  mountPath: /etc/minsheng/nats
  readOnly: true
{{- end }}
{{- end }}

{{/* NetworkPolicy peers list rendering helpers. */}}
{{- define "minsheng.egressRules" -}}
{{- $np := .root.Values.networkPolicy }}
- to:
    {{- toYaml $np.dns.to | nindent 4 }}
  ports:
    {{- range $np.dns.ports }}
    - {port: {{ . }}, protocol: UDP}
    - {port: {{ . }}, protocol: TCP}
    {{- end }}
- to:
    {{- toYaml $np.postgresql.to | nindent 4 }}
  ports:
    {{- range $np.postgresql.ports }}
    - {port: {{ . }}, protocol: TCP}
    {{- end }}
{{- if ne .role "migrate" }}
- to:
    {{- toYaml $np.nats.to | nindent 4 }}
  ports:
    {{- range $np.nats.ports }}
    - {port: {{ . }}, protocol: TCP}
    {{- end }}
{{- with $np.extraEgress }}
{{ toYaml . }}
{{- end }}
{{- if and (eq .role "api") .svc.callsApis }}
- to:
    - podSelector:
        matchLabels:
          app.kubernetes.io/name: {{ include "minsheng.name" .root }}
          app.kubernetes.io/instance: {{ .root.Release.Name }}
          app.kubernetes.io/component: api
  ports:
    - {port: 50051, protocol: TCP}
{{- end }}
{{- with .extraEgress }}
{{ toYaml . }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The gRPC api of every other enabled service, for a service that calls them (the gateway): JSON
{"service": "host:port"}, the value of MINSHENG_GATEWAY_TARGETS. Argument: dict root, service.
*/}}
{{- define "minsheng.apiTargets" -}}
{{- $root := .root }}
{{- $self := .service }}
{{- $targets := dict }}
{{- range $service, $svc := $root.Values.services }}
{{- $override := index ($svc.roles | default dict) "api" }}
{{- if and $svc.enabled (kindIs "map" $override) (ne $service $self) }}
{{- $r := include "minsheng.deepMerge" (dict "base" $root.Values.roleDefaults.api "override" $override) | fromYaml }}
{{- if $r.enabled }}
{{- $_ := set $targets $service (printf "%s:50051" (include "minsheng.workloadName" (dict "root" $root "service" $service "role" "api"))) }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $targets }}
{{- end }}

{{/*
NetworkPolicy peers: the api pods of the other services that call every api (the gateway), let
into an api's gRPC port. Argument: dict root, service.
*/}}
{{- define "minsheng.apiCallers" -}}
{{- $root := .root }}
{{- $self := .service }}
{{- range $service, $svc := $root.Values.services }}
{{- if and $svc.enabled $svc.callsApis (ne $service $self) }}
- podSelector:
    matchLabels:
      {{- include "minsheng.selectorLabels" (dict "root" $root "service" $service "role" "api") | nindent 6 }}
{{- end }}
{{- end }}
{{- end }}
