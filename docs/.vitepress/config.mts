import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitepress';

// The API reference sidebar is written by scripts/prepare.mjs (TypeDoc) before VitePress runs.
const apiSidebarFile = join(import.meta.dirname, 'api-sidebar.json');
const apiSidebar = existsSync(apiSidebarFile)
  ? JSON.parse(readFileSync(apiSidebarFile, 'utf8'))
  : [];

export default defineConfig({
  title: '@mikiwame/hrbrain',
  description:
    "Keep a Mikiwame tenant's departments and employees in step with HRBrain: guides, the rules in Japanese and English, the API reference.",
  lang: 'en',
  outDir: 'dist',
  srcExclude: ['scripts/**', 'test/**', 'dist/**', 'node_modules/**'],
  // Dead links fail the build (VitePress's default, written out); anchors are checked after the
  // build by scripts/check-anchors.mjs.
  ignoreDeadLinks: false,
  lastUpdated: false,
  markdown: { lineNumbers: false },
  themeConfig: {
    nav: [
      { text: 'Guides', link: '/guide/quick-start' },
      { text: 'Rules 規則', link: '/rules' },
      { text: 'Troubleshooting', link: '/guide/troubleshooting' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      '/api/': [{ text: 'API reference', link: '/api/', items: apiSidebar }],
      '/': [
        {
          text: 'Guides',
          items: [
            { text: 'Quick start', link: '/guide/quick-start' },
            { text: 'Connect a tenant (手順1)', link: '/guide/connect' },
            { text: 'Sync departments and employees (手順2/3)', link: '/guide/sync' },
            { text: 'Sync into your existing tables', link: '/guide/existing-tables' },
            { text: 'Write a custom adapter', link: '/guide/custom-adapter' },
            { text: 'Background jobs, schedules, webhooks', link: '/guide/jobs' },
            { text: 'Many tenants on many workers', link: '/guide/many-tenants' },
            { text: 'Observability', link: '/guide/observability' },
            { text: 'Upgrading', link: '/guide/upgrading' },
            { text: 'Troubleshooting by error code', link: '/guide/troubleshooting' },
          ],
        },
        {
          text: 'Reference',
          items: [
            { text: 'The rules (日本語 / English)', link: '/rules' },
            { text: 'The rules (English source)', link: '/sync-rules' },
            { text: "HRBrain's API", link: '/hrbrain-api' },
            { text: 'Architecture', link: '/architecture' },
            { text: 'API reference', link: '/api/' },
          ],
        },
      ],
    },
    search: { provider: 'local' },
  },
});
