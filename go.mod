module github.com/tenantkit/tenantkit

go 1.25.0
