document.documentElement.dataset.team = "sales";
