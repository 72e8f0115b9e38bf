declare module 'dynalite' {
  const dynalite: (options?: Record<string, unknown>) => import('node:http').Server;
  export default dynalite;
}
