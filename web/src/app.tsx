import { useEffect, useState } from 'react';
import { NavLink, Route, Routes, useNavigate } from 'react-router';
import { session } from './api/client';
import { ClientPage } from './pages/client';
import { ClientsPage } from './pages/clients';
import { HomePage } from './pages/home';
import { LeadPage } from './pages/lead';
import { LeadsPage } from './pages/leads';
import { LocationPage } from './pages/location';
import { LocationsPage } from './pages/locations';
import { NotificationRulesPage } from './pages/notification-rules';
import { OrderPage } from './pages/order';
import { OrdersPage } from './pages/orders';
import { OutboxPage } from './pages/outbox';
import { SettingsPage } from './pages/settings';
import { SignInPage } from './pages/sign-in';
import { StatusesPage } from './pages/statuses';
import { TemplatePage } from './pages/template';
import { TemplatesPage } from './pages/templates';

const NAV = [
  ['/', 'Home'],
  ['/settings', 'Settings'],
  ['/locations', 'Locations'],
  ['/statuses', 'Statuses'],
  ['/clients', 'Clients'],
  ['/templates', 'Templates'],
  ['/notification-rules', 'Notification rules'],
  ['/orders', 'Orders'],
  ['/leads', 'Leads'],
  ['/outbox', 'Outbox'],
] as const;

export function App() {
  const [signedIn, setSignedIn] = useState(() => Boolean(session.get()));
  const navigate = useNavigate();
  const signOut = () => {
    session.clear();
    setSignedIn(false);
    void navigate('/');
  };
  useEffect(() => {
    window.addEventListener('cn:unauthorized', signOut);
    return () => window.removeEventListener('cn:unauthorized', signOut);
  });

  if (!signedIn) return <SignInPage onSignedIn={() => setSignedIn(true)} />;
  return (
    <div className="layout">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Customer notifications</span>
        <button type="button" className="secondary" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav aria-label="Main">
        <ul>
          {NAV.map(([to, label]) => (
            <li key={to}>
              <NavLink to={to} end={to === '/'}>
                {label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/locations" element={<LocationsPage />} />
          <Route path="/locations/:id" element={<LocationPage />} />
          <Route path="/statuses" element={<StatusesPage />} />
          <Route path="/clients" element={<ClientsPage />} />
          <Route path="/clients/:id" element={<ClientPage />} />
          <Route path="/templates" element={<TemplatesPage />} />
          <Route path="/templates/:id" element={<TemplatePage />} />
          <Route path="/notification-rules" element={<NotificationRulesPage />} />
          <Route path="/orders" element={<OrdersPage />} />
          <Route path="/orders/:id" element={<OrderPage />} />
          <Route path="/leads" element={<LeadsPage />} />
          <Route path="/leads/:id" element={<LeadPage />} />
          <Route path="/outbox" element={<OutboxPage />} />
          <Route path="*" element={<h1>Page not found</h1>} />
        </Routes>
      </main>
    </div>
  );
}
