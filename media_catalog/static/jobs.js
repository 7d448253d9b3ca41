// A job's page refreshes itself while the job is queued or running: state, progress, log and
// the result link, read from the job's JSON every second. Without JavaScript, reload the page.
(() => {
  const job = document.getElementById("job");
  if (!job) return;
  const live = (state) => state === "queued" || state === "running";
  const show = (data) => {
    const bar = job.querySelector(".job-progress");
    bar.max = data.total || 1;
    bar.value = data.done;
    job.querySelector(".job-count").textContent = gettext("%(done)s of %(total)s", data);
    job.querySelector(".job-state").textContent = data.state_label + (data.error ? ": " + data.error : "");
    job.querySelector(".job-log").textContent = data.log.join("\n");
    job.querySelector(".job-result").hidden = !data.download;
    job.dataset.state = data.state;
  };
  const poll = () => {
    fetch(job.dataset.stateUrl, { headers: { Accept: "application/json" } })
      .then((response) => response.json())
      .then((data) => {
        show(data);
        if (live(data.state)) setTimeout(poll, 1000);
        else if (document.querySelector("form[action$='/cancel']")) window.location.reload();
      });
  };
  if (live(job.dataset.state)) setTimeout(poll, 1000);
})();
