{{/* The release's full name, as every object of the chart is named. */}}
{{- define "sessionkeys-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "sessionkeys-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.name -}}
{{- .Values.serviceAccount.name -}}
{{- else -}}
{{- include "sessionkeys-operator.fullname" . -}}
{{- end -}}
{{- end -}}

{{- define "sessionkeys-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sessionkeys-operator.labels" -}}
{{ include "sessionkeys-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The namespaces watched, as the operator reads them: "" (all) only when cluster-wide was asked for. */}}
{{- define "sessionkeys-operator.watchNamespaces" -}}
{{- if .Values.watchNamespaces -}}
{{- join "," .Values.watchNamespaces -}}
{{- else if .Values.rbac.clusterWide -}}
{{- "" -}}
{{- else -}}
{{- .Release.Namespace -}}
{{- end -}}
{{- end -}}

{{/* The namespaces that get a Role and RoleBinding (namespaced RBAC). */}}
{{- define "sessionkeys-operator.roleNamespaces" -}}
{{- if .Values.watchNamespaces -}}
{{- toJson .Values.watchNamespaces -}}
{{- else -}}
{{- toJson (list .Release.Namespace) -}}
{{- end -}}
{{- end -}}

{{/* The rules the operator needs wherever it manages SessionKeySets. No delete on Secrets; restarts only of the
     workloads named in rbac.restartWorkloads (resourceNames: get and patch can be limited by name, list cannot). */}}
{{- define "sessionkeys-operator.rules" -}}
- apiGroups: ["sessionkeys.dev"]
  resources: ["sessionkeysets"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["sessionkeys.dev"]
  resources: ["sessionkeysets/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- range $kind, $names := .Values.rbac.restartWorkloads }}
{{- if $names }}
- apiGroups: ["apps"]
  resources: [{{ $kind | quote }}]
  resourceNames: {{ toJson $names }}
  verbs: ["get", "patch"]
{{- end }}
{{- end }}
{{- end -}}
