package tenants_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

func ExampleArgo_Create() {
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))
	if err != nil {
		log.Fatal(err)
	}
	argo := tenants.NewArgo(c)
	ctx := context.Background()

	created, err := argo.Create(ctx, tenants.ArgoTenant{
		Info:     tenants.ArgoTenantInfo{Name: "acme", Email: "ops@acme.test"},
		DBConf:   []tenants.ArgoDBConf{{Store: "ar", Server: "db.acme.test", Port: 27017, Database: "acme_ar", Password: "s3cret"}},
		Topology: tenants.ArgoTopology{Type: "GOCDB", Feed: "gocdb.acme.test"},
		Users: []users.ArgoUser{
			{Name: "cap", Roles: []string{"admin"}}, // no key: the server generates one
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The generated keys are not in Create's answer: read the tenant.
	t, err := argo.Get(ctx, created.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Info.Name, t.Info.Created)
	fmt.Println(t.DBConf) // printing masks passwords and keys
	fmt.Println(t.Users)
	// Output:
	// acme 2025-01-02 03:04:05
	// [{Store:ar Server:db.acme.test Port:27017 Database:acme_ar Username: Password:****}]
	// [{ID:fef55fe0-e125-450a-a608-d5e20ffc2d12 Name:cap Email: APIKey:6ae6**** Roles:[admin]}]
}

func ExampleArgo_List() {
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[
		{"id": "t1", "info": {"name": "plain"},
		 "db_conf": [{"store": "ar", "server": "db", "port": 27017, "database": "ar", "username": "u", "password": "pw"}],
		 "users": [{"id": "u1", "name": "cap", "api_key": "k1", "roles": ["admin"]}]},
		{"id": "t2", "info": {"name": "with UI users"},
		 "users": [{"id": "u2", "name": "groot", "api_key": "k2", "roles": ["admin_ui"]},
		           {"id": "u3", "name": "thor", "api_key": "k3", "roles": ["admin"]}]}
	]`)); err != nil {
		fmt.Println(err)
		return
	}
	for _, flavour := range []fakeserver.ArgoAdminFlavour{fakeserver.ArgoSuperAdmin, fakeserver.ArgoSuperAdminRestricted, fakeserver.ArgoSuperAdminUI} {
		c, err := srv.SDKClient(fakeserver.AsArgoAdmin(flavour))
		if err != nil {
			log.Fatal(err)
		}
		ts, err := tenants.NewArgo(c).List(context.Background())
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s:\n", flavour)
		for _, t := range ts {
			// nil: absent from the response (empty, or hidden from this key).
			fmt.Printf("  %s: db_conf %d (nil %t), users %d (nil %t)\n",
				t.Info.Name, len(t.DBConf), t.DBConf == nil, len(t.Users), t.Users == nil)
		}
	}
	// Output:
	// super_admin:
	//   plain: db_conf 1 (nil false), users 1 (nil false)
	//   with UI users: db_conf 0 (nil true), users 2 (nil false)
	// super_admin_restricted:
	//   plain: db_conf 0 (nil true), users 0 (nil true)
	//   with UI users: db_conf 0 (nil true), users 0 (nil true)
	// super_admin_ui:
	//   with UI users: db_conf 0 (nil true), users 1 (nil false)
}

func ExampleArgo_Modify() {
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[{"id": "t1", "info": {"name": "acme"},
		"db_conf": [{"store": "ar", "server": "db", "port": 27017, "database": "ar", "username": "u", "password": "pw"}],
		"users": [{"id": "u1", "name": "cap", "api_key": "C4PK3Y", "roles": ["admin"]}]}]`)); err != nil {
		fmt.Println(err)
		return
	}
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))
	if err != nil {
		log.Fatal(err)
	}
	argo := tenants.NewArgo(c)

	// Change one thing; db_conf and cap (with his key and ID) stay as they
	// were, and the new user gets a key.
	t, err := argo.Modify(context.Background(), "t1", func(t *tenants.ArgoTenant) error {
		t.Info.Description = "Acme monitoring"
		t.Users = append(t.Users, users.ArgoUser{Name: "ada", Roles: []string{"viewer"}})
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Info.Description, len(t.DBConf))
	for _, u := range t.Users {
		fmt.Println(u.Name, u.ID == "u1", len(u.APIKey))
	}
	// Output:
	// Acme monitoring 1
	// cap true 6
	// ada false 64
}

func ExampleArgo_Modify_reducedView() {
	// Where UI admins may read and replace single tenants (not the
	// server's default), a UI admin sees tenants without db_conf and
	// with only admin_ui users. Modify will not write such a view back.
	table := fakeserver.ArgoDefaultRouteRoles()
	for _, route := range []string{"tenants.get", "tenants.update"} {
		table[route] = append(table[route], string(fakeserver.ArgoSuperAdminUI))
	}
	srv, err := fakeserver.New(fakeserver.WithArgoRouteRoles(table))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[{"id": "t1", "info": {"name": "acme"},
		"db_conf": [{"store": "ar", "server": "db", "port": 27017, "database": "ar", "username": "u", "password": "pw"}],
		"users": [{"id": "u1", "api_key": "k1", "roles": ["admin"]}, {"id": "u2", "api_key": "k2", "roles": ["admin_ui"]}]}]`)); err != nil {
		fmt.Println(err)
		return
	}
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdminUI))
	if err != nil {
		log.Fatal(err)
	}
	ui := tenants.NewArgo(c)

	_, err = ui.Modify(context.Background(), "t1", func(t *tenants.ArgoTenant) error {
		t.Info.Description = "changed"
		return nil
	})
	var reduced *tenants.ArgoReducedViewError
	fmt.Println(errors.As(err, &reduced))
	// Output:
	// true
}

func ExampleArgo_UpdateStatus() {
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[{"id": "t1", "info": {"name": "acme"}}]`)); err != nil {
		fmt.Println(err)
		return
	}
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))
	if err != nil {
		log.Fatal(err)
	}
	argo := tenants.NewArgo(c)
	ctx := context.Background()

	// Every check passed, except one report's weights.
	st := tenants.ArgoHealthyStatus(time.Date(2025, 1, 2, 3, 0, 0, 0, time.UTC), "Critical", "SLA")
	st.AMS.MetricData.MessagesArrived = 1520
	sla := st.HDFS.SyncData["SLA"]
	sla.Weights = false
	st.HDFS.SyncData["SLA"] = sla

	got, err := argo.UpdateStatus(ctx, "t1", st)
	if err != nil {
		fmt.Println(err)
		return
	}
	// total_status is the server's verdict; Healthy predicts it.
	fmt.Println(got.Status.TotalStatus, st.Healthy(), got.Status.LastCheck)

	sla.Weights = true
	st.HDFS.SyncData["SLA"] = sla
	got, err = argo.UpdateStatus(ctx, "t1", st)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.Status.TotalStatus, got.Status.AMS.MetricData.MessagesArrived)
	// Output:
	// false false 2025-01-02T03:00:00Z
	// true 1520
}
