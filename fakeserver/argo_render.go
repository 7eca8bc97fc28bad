package fakeserver

// Rendering of ARGO records in the real server's JSON: members in its model's
// order, db_conf and users left out when empty, roles left out when empty,
// hdfs.sync_data left out when empty and its keys sorted. Each function
// writes one value whose closing bracket sits at the given depth.

import "sort"

func appendArgoInfo(b []byte, in *argoInfo, depth int) []byte {
	b, o := argoOpenObject(b, depth)
	b = o.str(b, "name", in.Name)
	b = o.str(b, "email", in.Email)
	b = o.str(b, "description", in.Description)
	b = o.str(b, "image", in.Image)
	b = o.str(b, "website", in.Website)
	b = o.str(b, "created", in.Created)
	b = o.str(b, "updated", in.Updated)
	return o.close(b)
}

func appendArgoUser(b []byte, u *argoUser, depth int) []byte {
	b, o := argoOpenObject(b, depth)
	b = o.str(b, "id", u.id)
	b = o.str(b, "name", u.name)
	b = o.str(b, "email", u.email)
	b = o.str(b, "api_key", u.apiKey)
	if len(u.roles) > 0 {
		var a argoArray
		b, a = argoOpenArray(o.key(b, "roles"), depth+1)
		for _, r := range u.roles {
			b = argoString(a.next(b), r)
		}
		b = a.close(b)
	}
	return o.close(b)
}

// appendArgoUsers writes a users array; nil is written as null.
func appendArgoUsers(b []byte, users []*argoUser, depth int) []byte {
	return appendArgoUsersFlushing(b, users, depth, func(b []byte) []byte { return b })
}

// appendArgoUsersFlushing is appendArgoUsers calling flush after each user
// (see replyStream).
func appendArgoUsersFlushing(b []byte, users []*argoUser, depth int, flush func([]byte) []byte) []byte {
	if users == nil {
		return append(b, "null"...)
	}
	b, a := argoOpenArray(b, depth)
	for _, u := range users {
		b = flush(appendArgoUser(a.next(b), u, depth+1))
	}
	return a.close(b)
}

func appendArgoTenant(b []byte, t *argoTenantDoc, depth int) []byte {
	b, o := argoOpenObject(b, depth)
	b = o.str(b, "id", t.id)
	b = appendArgoInfo(o.key(b, "info"), &t.info, depth+1)
	if len(t.dbConf) > 0 {
		var a argoArray
		b, a = argoOpenArray(o.key(b, "db_conf"), depth+1)
		for i := range t.dbConf {
			c := &t.dbConf[i]
			var co argoObject
			b, co = argoOpenObject(a.next(b), depth+2)
			b = co.str(b, "store", c.Store)
			b = co.str(b, "server", c.Server)
			b = co.integer(b, "port", int64(c.Port))
			b = co.str(b, "database", c.Database)
			b = co.str(b, "username", c.Username)
			b = co.str(b, "password", c.Password)
			b = co.close(b)
		}
		b = a.close(b)
	}
	b = o.key(b, "topology")
	b, to := argoOpenObject(b, depth+1)
	b = to.str(b, "type", t.topology.Type)
	b = to.str(b, "feed", t.topology.Feed)
	b = to.close(b)
	if len(t.users) > 0 {
		b = appendArgoUsers(o.key(b, "users"), t.users, depth+1)
	}
	return o.close(b)
}

func appendArgoAMSNode(b []byte, n *argoAMSNode, depth int) []byte {
	b, o := argoOpenObject(b, depth)
	b = o.boolean(b, "ingestion", n.Ingestion)
	b = o.boolean(b, "publishing", n.Publishing)
	b = o.boolean(b, "status_streaming", n.StatusStreaming)
	b = o.integer(b, "messages_arrived", n.MessagesArrived)
	return o.close(b)
}

// appendArgoStatusItem writes the one element of GET .../status data:
// id, info and the status with total_status computed.
func appendArgoStatusItem(b []byte, t *argoTenant, depth int) []byte {
	b, o := argoOpenObject(b, depth)
	b = o.str(b, "id", t.id)
	b = appendArgoInfo(o.key(b, "info"), &t.info, depth+1)
	st := &t.status
	b = o.key(b, "status")
	b, so := argoOpenObject(b, depth+1)
	b = so.boolean(b, "total_status", st.total())
	b = so.key(b, "ams")
	b, ao := argoOpenObject(b, depth+2)
	b = appendArgoAMSNode(ao.key(b, "metric_data"), &st.AMS.MetricData, depth+3)
	b = appendArgoAMSNode(ao.key(b, "sync_data"), &st.AMS.SyncData, depth+3)
	b = ao.close(b)
	b = so.key(b, "hdfs")
	b, ho := argoOpenObject(b, depth+2)
	b = ho.boolean(b, "metric_data", st.HDFS.MetricData)
	if len(st.HDFS.SyncData) > 0 {
		names := make([]string, 0, len(st.HDFS.SyncData))
		for n := range st.HDFS.SyncData {
			names = append(names, n)
		}
		sort.Strings(names)
		var mo argoObject
		b, mo = argoOpenObject(ho.key(b, "sync_data"), depth+3)
		for _, n := range names {
			r := st.HDFS.SyncData[n]
			// Map keys are data: write them escaped, unlike member names.
			if mo.n > 0 {
				b = append(b, ',')
			}
			mo.n++
			b = argoString(argoNewline(b, depth+4), n)
			b = append(b, ':', ' ')
			var ro argoObject
			b, ro = argoOpenObject(b, depth+4)
			b = ro.boolean(b, "aggregation_profile", r.AggregationProfile)
			b = ro.boolean(b, "blank_recomputation", r.BlankRecomputation)
			b = ro.boolean(b, "configuration_profile", r.ConfigurationProfile)
			b = ro.boolean(b, "downtimes", r.Downtimes)
			b = ro.boolean(b, "group_endpoints", r.GroupEndpoints)
			b = ro.boolean(b, "group_groups", r.GroupGroups)
			b = ro.boolean(b, "metric_profile", r.MetricProfile)
			b = ro.boolean(b, "operations_profile", r.OperationsProfile)
			b = ro.boolean(b, "weights", r.Weights)
			b = ro.close(b)
		}
		b = mo.close(b)
	}
	b = ho.close(b)
	b = so.boolean(b, "engine_config", st.EngineConfig)
	b = so.str(b, "last_check", st.LastCheck)
	b = so.close(b)
	return o.close(b)
}
