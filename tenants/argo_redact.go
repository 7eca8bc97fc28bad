package tenants

// Printing and logging a tenant or its db_conf never shows a password or
// an API key. (fmt masks users' keys through users.ArgoUser's own methods.)

import (
	"fmt"
	"log/slog"

	"github.com/tenantkit/tenantkit/users"
)

// maskedPassword stands for a password that is set.
const maskedPassword = "****"

func maskPassword(p string) string {
	if p == "" {
		return ""
	}
	return maskedPassword
}

// String returns the database configuration with its password masked, so
// printing it, or a tenant holding it, with the fmt package never shows the
// password.
func (d ArgoDBConf) String() string {
	return fmt.Sprintf("{Store:%s Server:%s Port:%d Database:%s Username:%s Password:%s}",
		d.Store, d.Server, d.Port, d.Database, d.Username, maskPassword(d.Password))
}

// GoString is String for the %#v verb, which would otherwise print the
// password.
func (d ArgoDBConf) GoString() string {
	return fmt.Sprintf("tenants.ArgoDBConf{Store:%q, Server:%q, Port:%d, Database:%q, Username:%q, Password:%q}",
		d.Store, d.Server, d.Port, d.Database, d.Username, maskPassword(d.Password))
}

// LogValue implements slog.LogValuer: the configuration as a group,
// password masked.
func (d ArgoDBConf) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("store", d.Store),
		slog.String("server", d.Server),
		slog.Int("port", d.Port),
		slog.String("database", d.Database),
		slog.String("username", d.Username),
		slog.String("password", maskPassword(d.Password)),
	)
}

// LogValue implements slog.LogValuer: the tenant as a group, with its
// databases' passwords and its users' API keys masked. (slog's JSON
// handler would otherwise encode the tenant with encoding/json, secrets
// included.)
func (t ArgoTenant) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("id", t.ID),
		slog.Any("info", t.Info),
		slog.Any("topology", t.Topology),
	}
	if t.DBConf != nil {
		dbs := make([]ArgoDBConf, len(t.DBConf))
		for i, d := range t.DBConf {
			d.Password = maskPassword(d.Password)
			dbs[i] = d
		}
		attrs = append(attrs, slog.Any("db_conf", dbs))
	}
	if t.Users != nil {
		us := make([]users.ArgoUser, len(t.Users))
		for i, u := range t.Users {
			u.APIKey = users.MaskArgoAPIKey(u.APIKey)
			us[i] = u
		}
		attrs = append(attrs, slog.Any("users", us))
	}
	return slog.GroupValue(attrs...)
}
