package users

// Printing and logging an ArgoUser never shows its API key.

import (
	"fmt"
	"log/slog"
)

// String returns the user with its API key masked ([MaskArgoAPIKey]), so
// printing a user, or a tenant holding it, with the fmt package never shows
// the key:
//
//	{ID:acb7… Name:cap Email:cap@email.com APIKey:3f9a**** Roles:[admin]}
func (u ArgoUser) String() string {
	return fmt.Sprintf("{ID:%s Name:%s Email:%s APIKey:%s Roles:%v}", u.ID, u.Name, u.Email, MaskArgoAPIKey(u.APIKey), u.Roles)
}

// GoString is String for the %#v verb, which would otherwise print the key.
func (u ArgoUser) GoString() string {
	return fmt.Sprintf("users.ArgoUser{ID:%q, Name:%q, Email:%q, APIKey:%q, Roles:%#v}", u.ID, u.Name, u.Email, MaskArgoAPIKey(u.APIKey), u.Roles)
}

// LogValue implements slog.LogValuer: the user as a group, API key masked.
func (u ArgoUser) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", u.ID),
		slog.String("name", u.Name),
		slog.String("email", u.Email),
		slog.String("api_key", MaskArgoAPIKey(u.APIKey)),
		slog.Any("roles", u.Roles),
	)
}
