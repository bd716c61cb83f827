/** Migration files are bundled as text (tsup `loader: { '.sql': 'text' }`, a Vite plugin in tests). */
declare module '*.sql' {
  const text: string;
  export default text;
}
