// @ts-check
// Docusaurus configuration of the Globex sales handbook.

const {themes: prismThemes} = require('prism-react-renderer');

/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Globex Sales Handbook',
  tagline: "How Globex sells: discovery, pricing, onboarding.",
  favicon: 'img/favicon.ico',
  url: 'https://acme.github.io',
  baseUrl: '/handbook/',
  organizationName: 'acme',
  projectName: 'handbook',
  onBrokenLinks: 'throw',
  i18n: {
    defaultLocale: 'en',
    locales: ['en'],
  },
  presets: [
    [
      'classic',
      /** @type {import('@docusaurus/preset-classic').Options} */
      ({
        docs: {
          sidebarPath: './sidebars.js',
          editUrl: 'https://github.com/acme/handbook/tree/main/',
          showLastUpdateTime: true,
        },
        blog: {
          showReadingTime: true,
        },
        theme: {
          customCss: './src/css/custom.css',
        },
      }),
    ],
  ],
  themeConfig: {
    navbar: {
      title: 'Globex',
      items: [{type: 'docSidebar', sidebarId: 'handbook', label: 'Handbook'}],
    },
    footer: {
      style: 'dark',
      copyright: 'Copyright © 2026 Globex, Inc.',
    },
    prism: {
      theme: prismThemes.github,
      darkTheme: prismThemes.dracula,
    },
  },
};

module.exports = config;
