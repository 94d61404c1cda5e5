import { useState } from 'react';
import { RouterProvider } from 'react-router/dom';
import { AppProvider, createQueryClient } from './provider';
import { createRouter } from './router';

export function App() {
  const [client] = useState(createQueryClient);
  const [router] = useState(createRouter);
  return (
    <AppProvider client={client}>
      <RouterProvider router={router} />
    </AppProvider>
  );
}
