// esbuild bundles imported stylesheets next to the page bundle; for the type checker they are side effects only.
declare module "*.css";
