package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// packageJSON is what this host reads of a package.json.
type packageJSON struct {
	Name    string                  `json:"name"`
	Version string                  `json:"version"`
	Pulumi  plugin.PulumiPluginJSON `json:"pulumi"`
}

// installed is one package directory under a node_modules folder.
type installed struct {
	dir  string
	info packageJSON
}

// walkNodeModules lists every package installed under dir/node_modules, nested node_modules included,
// skipping policy packs (their plugins are not the program's).
func walkNodeModules(dir string) ([]installed, error) {
	var found []installed
	seen := map[string]bool{}
	var visit func(nodeModules string) error
	visit = func(nodeModules string) error {
		real, err := filepath.EvalSymlinks(nodeModules)
		if err != nil || seen[real] {
			return nil
		}
		seen[real] = true
		entries, err := os.ReadDir(real)
		if err != nil {
			return nil
		}
		var dirs []string
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") {
				continue
			}
			if strings.HasPrefix(name, "@") {
				scoped, _ := os.ReadDir(filepath.Join(real, name))
				for _, s := range scoped {
					dirs = append(dirs, filepath.Join(real, name, s.Name()))
				}
				continue
			}
			dirs = append(dirs, filepath.Join(real, name))
		}
		for _, d := range dirs {
			if pack, _ := workspace.DetectPolicyPackPathAt(d); pack != "" {
				continue
			}
			b, err := os.ReadFile(filepath.Join(d, "package.json"))
			if err != nil {
				continue
			}
			var info packageJSON
			if err := json.Unmarshal(b, &info); err != nil {
				return fmt.Errorf("reading %s: %w", filepath.Join(d, "package.json"), err)
			}
			found = append(found, installed{dir: d, info: info})
			if err := visit(filepath.Join(d, "node_modules")); err != nil {
				return err
			}
		}
		return nil
	}
	err := visit(filepath.Join(dir, "node_modules"))
	return found, err
}

// requiredPackages is every resource provider plugin the installed packages declare
// (`"pulumi": { "resource": true }` in their package.json), named and versioned as upstream does.
func requiredPackages(dir string) ([]*pulumirpc.PackageDependency, error) {
	pkgs, err := walkNodeModules(dir)
	if err != nil {
		return nil, err
	}
	var deps []*pulumirpc.PackageDependency
	var problems []error
	for _, p := range pkgs {
		if !p.info.Pulumi.Resource {
			continue
		}
		name := p.info.Pulumi.Name
		if name == "" {
			if !strings.HasPrefix(p.info.Name, "@pulumi/") {
				problems = append(problems, fmt.Errorf("%s: a third-party provider package must name its plugin in \"pulumi.name\"", p.dir))
				continue
			}
			name = strings.TrimPrefix(p.info.Name, "@pulumi/")
		}
		v := p.info.Pulumi.Version
		if v == "" {
			v = p.info.Version
		}
		if v == "" {
			problems = append(problems, fmt.Errorf("%s: no version", p.dir))
			continue
		}
		if !strings.HasPrefix(v, "v") {
			v = "v" + v
		}
		dep := &pulumirpc.PackageDependency{Name: name, Kind: "resource", Version: v, Server: p.info.Pulumi.Server}
		if param := p.info.Pulumi.Parameterization; param != nil {
			dep.Parameterization = &pulumirpc.PackageParameterization{Name: param.Name, Version: param.Version, Value: param.Value}
		}
		deps = append(deps, dep)
	}
	sort.Slice(deps, func(i, j int) bool { return deps[i].Name+deps[i].Version < deps[j].Name+deps[j].Version })
	return deps, errors.Join(problems...)
}

// installedPackages is every installed package by name and version (for `pulumi about`).
func installedPackages(dir string) ([]*pulumirpc.DependencyInfo, error) {
	pkgs, err := walkNodeModules(dir)
	if err != nil {
		return nil, err
	}
	deps := make([]*pulumirpc.DependencyInfo, 0, len(pkgs))
	for _, p := range pkgs {
		deps = append(deps, &pulumirpc.DependencyInfo{Name: p.info.Name, Version: p.info.Version})
	}
	sort.Slice(deps, func(i, j int) bool { return deps[i].Name+deps[i].Version < deps[j].Name+deps[j].Version })
	return deps, nil
}
