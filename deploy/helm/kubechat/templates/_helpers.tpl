{{- define "kubechat.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "kubechat.labels" -}}
app.kubernetes.io/name: kubechat
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "kubechat.selector" -}}
app.kubernetes.io/name: kubechat
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "kubechat.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "kubechat.secretName" -}}
{{ include "kubechat.fullname" . }}-urls
{{- end -}}

{{/* Environment shared by every component: URLs from Secrets, never inline. */}}
{{- define "kubechat.env" -}}
- name: KUBECHAT__DATABASE__URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret | default (include "kubechat.secretName" .) }}
      key: {{ if .Values.database.existingSecret }}{{ .Values.database.existingSecretKey }}{{ else }}database-url{{ end }}
- name: KUBECHAT__REDIS__URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.existingSecret | default (include "kubechat.secretName" .) }}
      key: {{ if .Values.redis.existingSecret }}{{ .Values.redis.existingSecretKey }}{{ else }}redis-url{{ end }}
{{- if .Values.signingKeys.existingSecret }}
- name: KUBECHAT__AUTH__KEYS_DIR
  value: /etc/kubechat/keys
{{- end }}
{{- if .Values.auditKey.existingSecret }}
- name: KUBECHAT__AUDIT__SIGNING_KEY_FILE
  value: /etc/kubechat/audit-key/audit-key.pem
{{- end }}
{{- end -}}

{{/* The [section] tables of .Values.config, as TOML. */}}
{{- define "kubechat.configToml" -}}
{{- range $section, $values := .Values.config }}
[{{ $section }}]
{{- range $k, $v := $values }}
{{ $k }} = {{ $v | toJson }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The components served by `kubechat serve`: name, roles, config file,
     cluster source (only the gateway talks to the cluster; the others
     have no service-account token), values. */}}
{{- define "kubechat.components" -}}
{{- $c := list (dict "name" "api-gateway" "roles" "gateway" "file" "kubechat.toml" "cluster" "in-cluster") (dict "name" "audit-service" "roles" "audit" "file" "kubechat.toml" "cluster" "none") -}}
{{- if .Values.nlpService.enabled -}}
{{- $c = append $c (dict "name" "nlp-service" "roles" "nlp" "file" "nlp.toml" "cluster" "none") -}}
{{- end -}}
{{- toJson $c -}}
{{- end -}}

{{- define "kubechat.componentValues" -}}
{{- $v := dict "api-gateway" .root.Values.apiGateway "audit-service" .root.Values.auditService "nlp-service" .root.Values.nlpService -}}
{{- toJson (get $v .name) -}}
{{- end -}}

{{- define "kubechat.volumeMounts" -}}
- name: config
  mountPath: /etc/kubechat/kubechat.toml
  subPath: kubechat.toml
  readOnly: true
- name: config
  mountPath: /etc/kubechat/nlp.toml
  subPath: nlp.toml
  readOnly: true
- name: data
  mountPath: /var/lib/kubechat
{{- if .Values.signingKeys.existingSecret }}
- name: keys
  mountPath: /etc/kubechat/keys
  readOnly: true
{{- end }}
{{- if .Values.auditKey.existingSecret }}
- name: audit-key
  mountPath: /etc/kubechat/audit-key
  readOnly: true
{{- end }}
{{- end -}}

{{- define "kubechat.volumes" -}}
- name: config
  configMap:
    name: {{ include "kubechat.fullname" . }}
- name: data
  emptyDir: {}
{{- if .Values.signingKeys.existingSecret }}
- name: keys
  secret:
    secretName: {{ .Values.signingKeys.existingSecret }}
    defaultMode: 0400
{{- end }}
{{- if .Values.auditKey.existingSecret }}
- name: audit-key
  secret:
    secretName: {{ .Values.auditKey.existingSecret }}
    defaultMode: 0400
{{- end }}
{{- end -}}
