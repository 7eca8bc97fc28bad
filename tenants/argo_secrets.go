package tenants

// argoTenantSecrets lists the secrets in a tenant body: its users' API keys
// and its databases' passwords, for redaction from errors and logs.
func argoTenantSecrets(t *ArgoTenant) []string {
	var s []string
	for _, u := range t.Users {
		if u.APIKey != "" {
			s = append(s, u.APIKey)
		}
	}
	for _, d := range t.DBConf {
		if d.Password != "" {
			s = append(s, d.Password)
		}
	}
	return s
}
